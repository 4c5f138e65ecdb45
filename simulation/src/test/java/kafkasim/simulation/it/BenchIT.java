package kafkasim.simulation.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import kafkasim.common.json.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafkasim bench --smoke}: every part runs for real on the embedded stack (a cold-start run, one round of
 * the producer comparison against Kafka's ProducerPerformance, one capacity probe) and bench.json and bench.md hold
 * the three figures. The figures of so short a bench mean little; the full bench is run by hand (docs/performance.md).
 */
@Tag("slow") // a fault or bench run: left out of mvn verify -Pquick
class BenchIT {
    @TempDir
    Path dir;

    @Test
    void theSmokeBenchMeasuresEveryPartAndWritesTheTable() throws Exception {
        Path out = dir.resolve("bench");
        try (GeneratorRun run = GeneratorRun.cli(out, List.of("bench", "--smoke", "--out", out.toString()))) {
            assertEquals(0, run.awaitExit(Duration.ofSeconds(420)));
            JsonNode bench = Json.mapper().readTree(out.resolve("bench.json").toFile());
            assertTrue(bench.path("producerRatio").asDouble() > 0, bench.toString());
            assertTrue(bench.at("/producer/producerPerformancePerSec").asDouble() > 1000, bench.toString());
            assertTrue(bench.at("/producer/workerPerSec").asDouble() > 1000, bench.toString());
            assertEquals(1, bench.at("/capacity/probes").size(), bench.toString());
            JsonNode probe = bench.at("/capacity/probes/0");
            assertTrue(probe.path("producedPerSec").asDouble() > 400, "500 msg/s scheduled: " + probe);
            double cold = bench.path("coldStartSec").asDouble();
            assertTrue(cold > bench.at("/coldStart/infrastructureSec").asDouble() && cold < 300, bench.toString());
            assertEquals(Runtime.getRuntime().availableProcessors(), bench.at("/machine/cores").asInt(), bench.toString());
            String md = Files.readString(out.resolve("bench.md"));
            assertTrue(md.contains("| producer: one worker") && md.contains("| pipeline capacity")
                    && md.contains("| cold start"), md);
            assertTrue(run.lines.stream().anyMatch(l -> l.startsWith("| cold start")), "the table is printed");
        }
    }
}
