package kafkasim.simulation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import kafkasim.common.json.Json;
import kafkasim.common.scenario.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loaded scenario carries the producer properties the workers will run with (what scenario.json shows). */
class ScenarioOptionsTest {
    @TempDir
    Path dir;

    private Scenario load(String producer) throws Exception {
        return ScenarioOptions.loadFile(Files.writeString(dir.resolve("s.json"), """
                { "name": "t", "durationSec": 5, "kafka": { "topic": "x"%s },
                  "devices": [ { "type": "temperature", "count": 3, "ratePerSec": 1.0, "payloadBytes": 300 } ] }
                """.formatted(producer == null ? "" : ", \"producer\": { " + producer + " }")));
    }

    @Test
    void acksOneTurnsIdempotenceOffInTheLoadedScenario() throws Exception {
        assertEquals(Map.of("acks", "1", "enable.idempotence", "false", "linger.ms", "5", "batch.size", "65536"),
                load("\"acks\": \"1\"").kafka().producer());
    }

    @Test
    void withoutProducerSettingsTheDefaultsAreSpelledOut() throws Exception {
        Scenario s = load(null);
        assertEquals(Map.of("acks", "all", "enable.idempotence", "true", "linger.ms", "5", "batch.size", "65536"),
                s.kafka().producer());
        assertEquals("{\"acks\":\"all\",\"batch.size\":\"65536\",\"enable.idempotence\":\"true\",\"linger.ms\":\"5\"}",
                Json.mapper().writeValueAsString(s.kafka().producer()), "sorted by name in scenario.json");
    }

    @Test
    void theLoadedScenarioAsWrittenLoadsAgainToItself() throws Exception {
        Scenario s = load("\"acks\": \"0\", \"compression.type\": \"lz4\"");
        Path asRun = Files.writeString(dir.resolve("as-run.json"), Json.mapper().writeValueAsString(s));
        assertEquals(s, ScenarioOptions.loadFile(asRun));
    }
}
