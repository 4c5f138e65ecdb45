package kafkasim.generator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import kafkasim.common.scenario.BrokerKind;
import kafkasim.common.scenario.Scenario;
import kafkasim.common.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static Scenario scenario(String workers, double vibrationRate) throws Exception {
        return ScenarioLoader.parse("""
                { "name": "p", "durationSec": 5 %s,
                  "devices": [ { "type": "temperature", "count": 10, "ratePerSec": 1, "payloadBytes": 300 },
                               { "type": "vibration", "count": 100, "ratePerSec": %s, "payloadBytes": 400 } ] }
                """.formatted(workers, vibrationRate), "test");
    }

    @Test
    void mqttDevicesAreConnectionsAndEveryWorkerHoldsAtMostItsShare() throws Exception {
        Scenario s = ScenarioLoader.parse("""
                { "name": "p", "durationSec": 5, "broker": "mqtt",
                  "devices": [ { "type": "temperature", "count": 40000, "ratePerSec": 0.1, "payloadBytes": 300 } ] }
                """, "test");
        GeneratorConfig c = Planner.plan(s, null, "tcp://127.0.0.1:1883", true, 2);
        assertEquals(3, c.workers().size(), "40,000 connections need 3 workers even on 2 cores");
        assertEquals(BrokerKind.MQTT, c.transport().kind());
        assertEquals("tcp://127.0.0.1:1883", ((MqttTransportConfig) c.transport()).mqttUrl());
        assertEquals(null, c.log(), "without Kafka the logs stay in files");
        assertEquals(1, Planner.plan(s.withBroker(BrokerKind.KAFKA), "127.0.0.1:9092", true, 2).workers().size(),
                "a Kafka worker has one producer whatever the device count");
    }

    @Test
    void oneWorkerCarriesEveryTypeAtModestLoad() throws Exception {
        GeneratorConfig c = Planner.plan(scenario("", 10), "127.0.0.1:9092", true, 8);
        assertEquals(1, c.workers().size());
        assertEquals(List.of("temperature", "vibration"),
                c.workers().get(0).devices().stream().map(DeviceRange::type).toList());
        assertEquals(110, c.deviceCount());
        assertEquals(new LogTarget("127.0.0.1:9092", "sim.log"), c.log());
        assertEquals(List.of(), GeneratorConfigFile.validate(c));
    }

    @Test
    void aProducerSettingEditedIntoTheConfigFileIsCheckedLikeTheScenarios() throws Exception {
        GeneratorConfig c = Planner.plan(scenario("", 10), "127.0.0.1:9092", true);
        KafkaTransportConfig t = (KafkaTransportConfig) c.transport();
        GeneratorConfig edited = new GeneratorConfig(new KafkaTransportConfig(t.bootstrap(), t.topic(),
                Map.of("acks", "2")), c.log(), c.statsIntervalMs(), c.workers());
        assertEquals(List.of("transport.producer.acks: Invalid value 2 for configuration acks: String must be one of:"
                + " all, -1, 0, 1"), GeneratorConfigFile.validate(edited));
    }

    @Test
    void aHeavyLoadGetsSeveralWorkersCoveringEveryDeviceOnce() throws Exception {
        // 100 devices x 1200 msg/s + 10 x 1 = 120,010 msg/s: 3 workers at 50k msg/s each, given 8 cores
        GeneratorConfig c = Planner.plan(scenario("", 1200), "127.0.0.1:9092", false, 8);
        assertEquals(3, c.workers().size());
        assertEquals(110, c.deviceCount());
        assertEquals(List.of(), GeneratorConfigFile.validate(c), "ranges do not overlap");
        assertEquals(null, c.log());
    }

    @Test
    void aSmallHostGetsAtMostHalfItsCoresInWorkers() throws Exception {
        assertEquals(1, Planner.plan(scenario("", 1200), "127.0.0.1:9092", false, 2).workers().size());
        assertEquals(1, Planner.plan(scenario("", 1200), "127.0.0.1:9092", false, 1).workers().size());
        assertEquals(2, Planner.plan(scenario("", 1200), "127.0.0.1:9092", false, 4).workers().size());
    }

    @Test
    void bytesCountAsLoadToo() throws Exception {
        // 20 cameras x 20 msg/s x 100,000 B = 40 MB/s plus 10 x 1 x 300 B: 2 workers by bytes at only 410 msg/s
        Scenario cameras = ScenarioLoader.parse("""
                { "name": "p", "durationSec": 5,
                  "devices": [ { "type": "temperature", "count": 10, "ratePerSec": 1, "payloadBytes": 300 },
                               { "type": "camera", "count": 20, "ratePerSec": 20, "payloadBytes": 100000 } ] }
                """, "test");
        assertEquals(2, Planner.workersForLoad(cameras, kafka(cameras), 16));
        // 100 x 300 msg/s x 400 B = 12 MB/s, 30k msg/s: one worker
        assertEquals(1, Planner.workersForLoad(scenario("", 300), kafka(scenario("", 300)), 16));
    }

    @Test
    void anExplicitWorkerCountIsTakenAsGivenEvenAboveTheHostLimit() throws Exception {
        assertEquals(3, Planner.plan(scenario(", \"workers\": 3", 1), "127.0.0.1:9092", true, 2).workers().size());
    }

    @Test
    void explicitWorkerCountSplitsEveryGroup() throws Exception {
        GeneratorConfig c = Planner.plan(scenario(", \"workers\": 3", 1), "127.0.0.1:9092", true);
        assertEquals(3, c.workers().size());
        assertEquals(List.of(4, 3, 3), c.workers().stream()
                .map(w -> w.devices().get(0).count()).toList(), "temperature 10 = 4 + 3 + 3");
        assertEquals(110, c.deviceCount());
        assertTrue(c.workers().stream().allMatch(w -> w.devices().size() == 2));
        assertEquals(List.of(), GeneratorConfigFile.validate(c));
    }

    @Test
    void configFileRejectsOverlapsAndBadValues() throws Exception {
        GeneratorConfig c = Planner.plan(scenario(", \"workers\": 2", 1), "127.0.0.1:9092", true);
        WorkerSpec w0 = c.workers().get(0);
        DeviceRange r = w0.devices().get(0);
        DeviceRange overlapping = new DeviceRange(r.type(), r.firstIndex() + 1, r.count(), r.ratePerSec(),
                r.payloadBytes(), r.anomalyRate(), r.fields());
        GeneratorConfig bad = new GeneratorConfig(c.transport(), c.log(), c.statsIntervalMs(),
                List.of(w0, new WorkerSpec(1, List.of(overlapping))));
        assertTrue(GeneratorConfigFile.validate(bad).get(0).contains("is in two device ranges"),
                GeneratorConfigFile.validate(bad).toString());
        DeviceRange zeroRate = new DeviceRange(r.type(), r.firstIndex(), r.count(), 0, r.payloadBytes(),
                r.anomalyRate(), r.fields());
        GeneratorConfig bad2 = new GeneratorConfig(c.transport(), c.log(), c.statsIntervalMs(),
                List.of(new WorkerSpec(0, List.of(zeroRate))));
        assertEquals(List.of("workers[0].devices[0].ratePerSec must be > 0, got 0.0"), GeneratorConfigFile.validate(bad2));
    }

    @Test
    void configFileRoundTripsThroughTheStrictReader(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        GeneratorConfig c = Planner.plan(scenario("", 10), "127.0.0.1:9092", true);
        var file = dir.resolve("generator-config.json");
        GeneratorConfigFile.write(file, c);
        assertEquals(c, GeneratorConfigFile.read(file));
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file).replace("\"workers\"", "\"wrkers\""));
        var e = org.junit.jupiter.api.Assertions.assertThrows(kafkasim.common.scenario.ScenarioException.class,
                () -> GeneratorConfigFile.read(file));
        assertTrue(e.getMessage().contains("wrkers is not a known field"), e.getMessage());
    }

    @Test
    void eachArchitecturesTransportRoundTripsAndAnUnknownBrokerIsNamed(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Scenario mqtt = ScenarioLoader.parse("""
                { "name": "p", "durationSec": 5, "broker": "mqtt",
                  "devices": [ { "type": "temperature", "count": 4, "ratePerSec": 1, "payloadBytes": 300 } ] }
                """, "test");
        var file = dir.resolve("generator-config.json");
        for (GeneratorConfig c : List.of(Planner.plan(mqtt, "127.0.0.1:9092", "tcp://127.0.0.1:1883", true, 2),
                Planner.plan(mqtt.withBroker(BrokerKind.KAFKA), "127.0.0.1:9092", true, 2))) {
            GeneratorConfigFile.write(file, c);
            String json = java.nio.file.Files.readString(file);
            assertTrue(json.contains("\"broker\" : \"" + c.transport().kind().id() + "\""), json);
            assertEquals(c, GeneratorConfigFile.read(file));
        }
        String json = java.nio.file.Files.readString(file);
        java.nio.file.Files.writeString(file, json.replace("\"broker\" : \"kafka\"", "\"broker\" : \"amqp\""));
        var e = org.junit.jupiter.api.Assertions.assertThrows(kafkasim.common.scenario.ScenarioException.class,
                () -> GeneratorConfigFile.read(file));
        assertTrue(e.getMessage().contains("transport"), e.getMessage());
        assertTrue(e.getMessage().contains("amqp"), e.getMessage());
    }

    private static TransportConfig kafka(Scenario s) {
        return TransportConfig.of(s, "127.0.0.1:9092", null, GeneratorSecurity.PLAIN);
    }
}
