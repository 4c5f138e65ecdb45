package kafkasim.common.scenario;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioLoaderTest {
    static final String GOOD = """
            { "name": "t", "durationSec": 10,
              "devices": [ { "type": "temperature", "count": 3, "ratePerSec": 1.0, "payloadBytes": 300 },
                           { "type": "boiler", "count": 2, "ratePerSec": 2.5, "payloadBytes": 300,
                             "fields": [ { "name": "bar", "unit": "bar", "mean": 1.5, "stddev": 0.1 } ] } ] }
            """;

    @Test
    void validScenarioGetsDefaults() throws Exception {
        Scenario s = ScenarioLoader.parse(GOOD, "test");
        assertEquals("kafka", s.broker());
        assertEquals("iot.telemetry", s.kafka().topic());
        assertEquals(6, s.kafka().partitions());
        assertEquals("sim.log", s.kafka().logTopic());
        assertEquals("iot.alerts", s.kafka().alertsTopic());
        assertEquals(2000, s.paths().checkpointIntervalMs());
        assertEquals(200, s.paths().fast().serviceTimeUs());
        assertEquals(500, s.paths().medium().batchSize());
        assertEquals(8L << 20, s.paths().slow().rollSizeBytes());
        assertEquals(1.0, s.timeScale());
        assertEquals(0.01, s.devices().get(0).anomalyRate());
        assertEquals("celsius", s.devices().get(0).fields().get(0).name(), "known type gets the catalogue");
        assertEquals("bar", s.devices().get(1).fields().get(0).name(), "scenario's own fields win");
        assertEquals(3 * 1.0 + 2 * 2.5, s.totalRatePerSec(), 1e-9);
    }

    @Test
    void unknownTypeBecomesGenericSensor() throws Exception {
        Scenario s = ScenarioLoader.parse(GOOD.replace("\"temperature\"", "\"soil-probe\""), "test");
        assertEquals(DeviceCatalog.GENERIC, s.devices().get(0).fields());
    }

    /** Each row: a replacement applied to GOOD, and the text the single error must contain. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"count\": 3|\"count\": -3|devices[0].count must be >= 1, got -3",
        "\"count\": 3|\"count\": 0|devices[0].count must be >= 1",
        "\"count\": 3|\"count\": 1.5|devices[0].count must be a whole number",
        "\"count\": 3|\"count\": \"3\"|devices[0].count must be a whole number",
        "\"ratePerSec\": 2.5|\"ratePerSec\": 0|devices[1].ratePerSec must be > 0",
        "\"ratePerSec\": 2.5|\"ratePerSec\": -1|devices[1].ratePerSec must be > 0",
        "\"durationSec\": 10|\"durationSec\": 0|durationSec must be >= 1",
        "\"durationSec\": 10,|\"durationSec\": 10, \"broker\": \"rabbit\",|broker must be \"kafka\" or \"mqtt\", got \"rabbit\"",
        "\"durationSec\": 10,|\"durationSec\": 10, \"colour\": 1,|colour is not a known field",
        "\"count\": 3,|\"count\": 3, \"colour\": 1,|devices[0].colour is not a known field",
        "\"stddev\": 0.1|\"stddev\": -0.1|devices[1].fields[0].stddev must be >= 0",
        "\"payloadBytes\": 300 }|\"payloadBytes\": 100 }|devices[0].payloadBytes must be >=",
        "\"name\": \"t\",|\"name\": \"t\", \"workers\": 0,|workers must be >= 1",
        "\"name\": \"t\",|\"name\": \"t\", \"kafka\": { \"partitions\": 0 },|kafka.partitions must be >= 1",
        "\"name\": \"t\",|\"name\": \"t\", \"kafka\": { \"producer\": { \"linger.ms\": null } },|kafka.producer.linger.ms must be a string",
        "\"boiler\"|\"temperature\"|devices[1].type \"temperature\" repeats devices[0].type",
        "\"boiler\"|\"Boiler Room\"|devices[1].type must match",
        "\"name\": \"t\", \"durationSec\": 10,|\"name\": \"t\",|durationSec is required",
        "\"name\": \"bar\"|\"name\": \"bar\", \"mean\": 2|devices[1].fields[0].mean appears twice",
        "10,|10|malformed JSON at line 2",
        "\"name\": \"t\",|\"name\": \"t\", \"paths\": { \"fast\": { \"parallelism\": 0 } },|paths.fast.parallelism must be >= 1",
        "\"name\": \"t\",|\"name\": \"t\", \"paths\": { \"medium\": { \"batchSize\": -5 } },|paths.medium.batchSize must be >= 1",
        "\"name\": \"t\",|\"name\": \"t\", \"paths\": { \"slow\": { \"rollSizeBytes\": 10 } },|paths.slow.rollSizeBytes must be between",
        "\"name\": \"t\",|\"name\": \"t\", \"paths\": { \"fast\": { \"serviceTime\": 5 } },|paths.fast.serviceTime is not a known field",
        "\"name\": \"t\",|\"name\": \"t\", \"timeScale\": 0,|timeScale must be > 0",
        "\"name\": \"t\",|\"name\": \"t\", \"warmupSec\": -1,|warmupSec must be >= 0, got -1",
        "\"name\": \"t\",|\"name\": \"t\", \"warmupSec\": 10,|warmupSec must be shorter than durationSec (10), got 10",
        "\"name\": \"t\",|\"name\": \"t\", \"kafka\": { \"alertsTopic\": \"sim.log\" },|must differ",
        "\"name\": \"t\",|\"name\": \"t\", \"mqtt\": { \"qos\": 3 },|mqtt.qos must be <= 2, got 3",
        "\"name\": \"t\",|\"name\": \"t\", \"mqtt\": { \"version\": \"3\" },|mqtt.version must be \"5\" or \"3.1.1\", got \"3\"",
        "\"name\": \"t\",|\"name\": \"t\", \"mqtt\": { \"version\": \"3.1.1\", \"sessionExpirySec\": 60 },|mqtt.sessionExpirySec is MQTT 5 only",
        "\"name\": \"t\",|\"name\": \"t\", \"mqtt\": { \"sessionExpirySec\": -1 },|mqtt.sessionExpirySec must be between 0 and 4294967295",
        "\"name\": \"t\",|\"name\": \"t\", \"mqtt\": { \"keepAliveSec\": 70000 },|mqtt.keepAliveSec must be <= 65535",
        "\"name\": \"t\",|\"name\": \"t\", \"mqtt\": { \"consumerAck\": \"never\" },|mqtt.consumerAck must be \"checkpoint\" or \"receipt\"",
        "\"name\": \"t\",|\"name\": \"t\", \"mqtt\": { \"brokerInflightWindow\": 0 },|mqtt.brokerInflightWindow must be >= 1",
        "\"name\": \"t\",|\"name\": \"t\", \"mqtt\": { \"qs\": 1 },|mqtt.qs is not a known field",
        "\"name\": \"t\",|\"name\": \"t\", \"mqtt\": { \"cleanStart\": \"yes\" },|mqtt.cleanStart",
        "\"name\": \"t\",|\"name\": \"t\", \"kafka\": { \"minInsyncReplicas\": 2 },|kafka.minInsyncReplicas (2) must not"
            + " exceed kafka.replicationFactor (1)",
        "\"name\": \"t\",|\"name\": \"t\", \"kafka\": { \"brokers\": 0 },|kafka.brokers must be >= 1, got 0",
    })
    void badValueNamesTheField(String from, String to, String expected) {
        assertTrue(GOOD.contains(from), "test setup: GOOD contains " + from);
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> ScenarioLoader.parse(GOOD.replace(from, to), "test"));
        assertTrue(e.getMessage().contains(expected), () -> "expected <" + expected + "> in:\n" + e.getMessage());
    }

    @Test
    void warmupDefaultsToATenthOfTheDurationAtMostThirtySeconds() throws Exception {
        Scenario s = ScenarioLoader.parse(GOOD, "test");
        assertEquals(null, s.warmupSec(), "left open: the default follows --duration");
        assertEquals(1, s.warmupSecOrDefault());
        assertEquals(6, s.withDurationSec(60).warmupSecOrDefault());
        assertEquals(30, s.withDurationSec(3600).warmupSecOrDefault());
        assertEquals(0, s.withDurationSec(9).warmupSecOrDefault());
        Scenario given = ScenarioLoader.parse(GOOD.replace("\"durationSec\": 10,", "\"durationSec\": 10, \"warmupSec\": 4,"),
                "test");
        assertEquals(4, given.withDurationSec(600).warmupSecOrDefault(), "a given warm-up stays");
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        String bad = GOOD.replace("\"count\": 3", "\"count\": -3").replace("\"ratePerSec\": 2.5", "\"ratePerSec\": 0");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.parse(bad, "test"));
        assertEquals(2, e.problems().size(), e.getMessage());
    }

    @Test
    void moreChecksOfTheCallerAreReportedWithTheBuiltInOnes() {
        String bad = GOOD.replace("\"count\": 3", "\"count\": -3");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.parse(bad, "test",
                raw -> List.of("kafka.producer.acks: checked by the caller, scenario " + raw.name())));
        assertEquals(List.of("devices[0].count must be >= 1, got -3",
                "kafka.producer.acks: checked by the caller, scenario t"), e.problems());
        assertEquals("t", assertDoesNotThrow(() -> ScenarioLoader.parse(GOOD, "test", raw -> List.of())).name());
    }

    @Test
    void mqttGetsItsDefaults() throws Exception {
        Scenario s = ScenarioLoader.parse(
                GOOD.replace("\"durationSec\": 10,", "\"durationSec\": 10, \"broker\": \"mqtt\","), "test");
        assertEquals("mqtt", s.broker());
        assertEquals(new MqttSettings(1, "5", true, 0L, 60, "checkpoint", 10_000, 100_000, true), s.mqtt());
        Scenario v311 = ScenarioLoader.parse(GOOD.replace("\"durationSec\": 10,",
                "\"durationSec\": 10, \"mqtt\": { \"version\": \"3.1.1\", \"qos\": 2, \"cleanStart\": false },"), "test");
        assertEquals(new MqttSettings(2, "3.1.1", false, null, 60, "checkpoint", 10_000, 100_000, true), v311.mqtt(),
                "3.1.1 has no session expiry");
        assertEquals("devices/temperature/temperature-7/telemetry",
                MqttSettings.telemetryTopic("temperature", "temperature-7"));
    }

    @Test
    void missingAndEmptyFiles(@TempDir Path dir) throws Exception {
        ScenarioException missing = assertThrows(ScenarioException.class,
                () -> ScenarioLoader.load(dir.resolve("nope.json")));
        assertTrue(missing.getMessage().contains("file not found"), missing.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.json"), "  \n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(empty));
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    }

    @Test
    void shippedScenariosAreValid() throws Exception {
        Path dir = Path.of("..", "scenarios");
        for (String name : new String[] {"light", "medium", "hard", "mqtt-fleet", "faults-processes",
            "faults-kafka-cluster"}) {
            Scenario s = ScenarioLoader.load(dir.resolve(name + ".json"));
            assertEquals(name, s.name());
        }
    }
}
