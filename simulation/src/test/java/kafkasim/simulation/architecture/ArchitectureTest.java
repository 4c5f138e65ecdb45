package kafkasim.simulation.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import kafkasim.common.scenario.BrokerKind;
import kafkasim.common.scenario.Scenario;
import kafkasim.common.scenario.ScenarioLoader;
import kafkasim.simulation.host.HostMonitor;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static Scenario scenario() throws Exception {
        return ScenarioLoader.parse("""
                { "name": "a", "durationSec": 5,
                  "kafka": { "topic": "t", "partitions": 4, "brokers": 3, "replicationFactor": 3,
                             "minInsyncReplicas": 2 },
                  "devices": [ { "type": "temperature", "count": 10, "ratePerSec": 1, "payloadBytes": 300 } ] }
                """, "test");
    }

    @Test
    void everyKindHasItsArchitecture() {
        for (BrokerKind kind : BrokerKind.values()) {
            assertEquals(kind, Architecture.of(kind).kind());
        }
    }

    @Test
    void kafkaCarriesTheTelemetryTopicOnTheScenariosCluster() throws Exception {
        Scenario s = scenario();
        Architecture kafka = Architecture.of(s);
        assertEquals(BrokerKind.KAFKA, kafka.kind());
        Architecture.KafkaTopicPlan plan = kafka.kafkaTopics(s, true);
        assertEquals(Map.of("t", 4, "sim.log", 1, "iot.alerts", 1), plan.partitions());
        assertEquals(Map.of("t", Map.of("min.insync.replicas", "2")), plan.configs());
        assertEquals(3, plan.replicationFactor());
        assertEquals(3, kafka.kafkaBrokers(s));
        assertEquals(3, kafka.deviceBrokers(s));
        assertEquals("t", kafka.telemetryTopic(s));
        assertEquals("--kafka-bootstrap", kafka.externalBrokerFlag());
        assertEquals(HostMonitor.KAFKA, kafka.brokerRole());
        assertEquals("Kafka broker 2", kafka.brokerName(2));
        assertTrue(kafka.embeddedProblem(s).isEmpty());
        assertTrue(kafka.embeddedBrokerLimit(s, 10).isEmpty(), "a worker's producer is no file limit");
        Scenario tooFew = ScenarioLoader.parse("""
                { "name": "a", "durationSec": 5, "kafka": { "replicationFactor": 3 },
                  "devices": [ { "type": "temperature", "count": 10, "ratePerSec": 1, "payloadBytes": 300 } ] }
                """, "test");
        assertTrue(kafka.embeddedProblem(tooFew).orElseThrow().startsWith("kafka.replicationFactor 3 needs as many"
                + " brokers: set kafka.brokers to at least that for the embedded cluster (it is 1)"), kafka.embeddedProblem(tooFew).toString());
    }

    @Test
    void mqttLeavesKafkaOnlyTheLogAndAlertsOnOneBroker() throws Exception {
        Scenario s = scenario().withBroker(BrokerKind.MQTT);
        Architecture mqtt = Architecture.of(s);
        assertEquals(BrokerKind.MQTT, mqtt.kind());
        Architecture.KafkaTopicPlan plan = mqtt.kafkaTopics(s, false);
        assertEquals(Map.of("sim.log", 1), plan.partitions(), "generate: no alerts");
        assertEquals(Map.of(), plan.configs());
        assertEquals(1, plan.replicationFactor());
        assertEquals(1, mqtt.kafkaBrokers(s));
        assertEquals(1, mqtt.deviceBrokers(s));
        assertEquals("--mqtt-url", mqtt.externalBrokerFlag());
        assertEquals(HostMonitor.MQTT, mqtt.brokerRole());
        assertEquals("MQTT broker 1", mqtt.brokerName(1));
        assertTrue(mqtt.embeddedProblem(s).isEmpty(), "the Kafka side's replication does not apply");
    }

    @Test
    void brokerFaultsWithoutAnEmbeddedBrokerSayWhy() throws Exception {
        Scenario s = scenario();
        assertEquals("broker faults need the embedded Kafka broker (not --kafka-bootstrap)",
                assertThrows(IllegalStateException.class, () -> Architecture.of(s).brokerNodes(null).pid(1))
                        .getMessage());
        assertEquals("broker faults need the embedded MQTT broker (not --mqtt-url)",
                assertThrows(IllegalStateException.class, () -> Architecture.of(BrokerKind.MQTT).brokerNodes(null)
                        .pid(1)).getMessage());
    }
}
