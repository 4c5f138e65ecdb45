package kafkasim.simulation.bench;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.stream.Stream;
import kafkasim.common.json.Json;

/**
 * {@code bench.json} and {@code bench.md}: the three figures with their goals, the machine they were measured on,
 * and every round and probe behind them.
 */
@JsonPropertyOrder({"producerRatio", "pipelineCapacityPerSec", "coldStartSec", "machine", "producer", "capacity",
    "coldStart"})
record BenchReport(double producerRatio, double pipelineCapacityPerSec, double coldStartSec, Machine machine,
                   ProducerComparison.Result producer, CapacitySearch.Result capacity, ColdStart coldStart) {
    static final double PRODUCER_RATIO_GOAL = 0.95;
    static final double CAPACITY_GOAL_PER_SEC = 15_000;
    static final double COLD_START_GOAL_SEC = 20;

    /** Where the figures were measured. */
    record Machine(int cores, String cpuModel, long memoryMb, String java, String os, String date) {
        static Machine read() throws IOException {
            return new Machine(Runtime.getRuntime().availableProcessors(), procLine("/proc/cpuinfo", "model name"),
                    parseKb(procLine("/proc/meminfo", "MemTotal")) / 1024,
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                            + System.getProperty("os.arch"),
                    LocalDate.now().toString());
        }

        private static String procLine(String file, String key) throws IOException {
            Path p = Path.of(file);
            if (!Files.isReadable(p)) {
                return "unknown";
            }
            try (Stream<String> lines = Files.lines(p)) {
                return lines.filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).strip())
                        .findFirst().orElse("unknown");
            }
        }

        private static long parseKb(String value) {
            try {
                return Long.parseLong(value.replace("kB", "").strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    void write(Path dir) throws IOException {
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("bench.json").toFile(), this);
        Files.writeString(dir.resolve("bench.md"), markdown());
    }

    /** The table docs/performance.md shows: the figures, their goals, and the rounds and probes behind them. */
    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Measured %s on %d cores (%s, %,d MB), %s.%n%n", machine.date(),
                machine.cores(), machine.cpuModel(), machine.memoryMb(), machine.java()));
        md.append("| figure | measured | goal |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| producer: one worker ÷ Kafka's ProducerPerformance (%d B, median of %d)"
                        + " | **%.2f** (%,.0f vs %,.0f msg/s) | ≥ %.2f |%n", producer.recordBytes(),
                producer.rounds().size(), producerRatio, producer.workerPerSec(), producer.producerPerformancePerSec(),
                PRODUCER_RATIO_GOAL));
        md.append(String.format(Locale.ROOT, "| pipeline capacity: all three paths keep up (%d B, fast path service"
                        + " time 0) | **%,.0f msg/s** | ≥ %,.0f msg/s |%n", capacity.payloadBytes(),
                pipelineCapacityPerSec, CAPACITY_GOAL_PER_SEC));
        md.append(String.format(Locale.ROOT, "| cold start: command → first message completed by every path | **%.1f"
                        + " s** (infrastructure %.1f s; fast %.1f, medium %.1f, slow %.1f s) | < %.0f s |%n",
                coldStartSec, coldStart.infrastructureSec(), coldStart.firstCompletedSec().get("fast"),
                coldStart.firstCompletedSec().get("medium"), coldStart.firstCompletedSec().get("slow"),
                COLD_START_GOAL_SEC));
        md.append("\nCapacity probes (").append(capacity.probeSec()).append(" s each, the first third warm-up):\n\n");
        md.append("| msg/s scheduled | sent | fast | medium | slow | p99 ms fast / medium / slow | drain s | host CPU p50"
                + " | run's CPU (cores) | verdict |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (CapacitySearch.Probe p : capacity.probes()) {
            md.append(String.format(Locale.ROOT, "| %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %.0f / %.0f / %.0f | %s |"
                            + " %s | %s | %s |%n", p.scheduledPerSec(), p.producedPerSec(), p.pathRatePerSec().get("fast"),
                    p.pathRatePerSec().get("medium"), p.pathRatePerSec().get("slow"), p.p99Ms().get("fast"),
                    p.p99Ms().get("medium"), p.p99Ms().get("slow"), p.drainSec(),
                    p.cpuBusyP50() == null ? "–" : String.format(Locale.ROOT, "%.0f %%", p.cpuBusyP50()),
                    p.cpuCores() == null ? "–" : String.format(Locale.ROOT, "%.2f", p.cpuCores()),
                    p.keptUp() ? "kept up" : "behind"));
        }
        return md.toString();
    }
}
