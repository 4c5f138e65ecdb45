package kafkasim.simulation.architecture;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import kafkasim.common.jobs.JobSource;
import kafkasim.common.scenario.BrokerKind;
import kafkasim.common.scenario.MqttSettings;
import kafkasim.common.scenario.Scenario;
import kafkasim.infra.mqtt.EmbeddedMqttBroker;
import kafkasim.simulation.host.HostMonitor;
import kafkasim.simulation.orchestrator.Infrastructure;
import kafkasim.simulation.submit.JobTargets;

/**
 * The old architecture: one MQTT connection per device to one broker; the paths subscribe. Kafka still carries
 * the log and alerts topics, on one broker whatever the scenario's Kafka side says.
 */
final class MqttArchitecture implements Architecture {
    static final MqttArchitecture INSTANCE = new MqttArchitecture();
    /** Files a process may keep open besides the device connections (its jars, logs, persistence, sockets). */
    static final long FILES_BESIDE_CONNECTIONS = 1024;

    private MqttArchitecture() {
    }

    @Override
    public BrokerKind kind() {
        return BrokerKind.MQTT;
    }

    @Override
    public String externalBrokerFlag() {
        return "--mqtt-url";
    }

    @Override
    public String brokerRole() {
        return HostMonitor.MQTT;
    }

    @Override
    public String brokerName(int nodeId) {
        return "MQTT broker " + nodeId;
    }

    @Override
    public int deviceBrokers(Scenario s) {
        return 1;
    }

    @Override
    public int kafkaBrokers(Scenario s) {
        return 1;
    }

    @Override
    public String telemetryTopic(Scenario s) {
        return MqttSettings.ALL_TELEMETRY;
    }

    @Override
    public KafkaTopicPlan kafkaTopics(Scenario s, boolean withAlerts) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put(s.kafka().logTopic(), 1);
        if (withAlerts) {
            topics.put(s.kafka().alertsTopic(), 1);
        }
        return new KafkaTopicPlan(topics, Map.of(), 1);
    }

    @Override
    public Optional<String> embeddedProblem(Scenario s) {
        return Optional.empty();
    }

    /** Each device connection is a file descriptor of the broker process, which inherits our {@code ulimit -n}. */
    @Override
    public Optional<String> embeddedBrokerLimit(Scenario s, long maxOpenFiles) {
        long devices = s.devices().stream().mapToLong(d -> d.count()).sum();
        if (devices + FILES_BESIDE_CONNECTIONS <= maxOpenFiles) {
            return Optional.empty();
        }
        return Optional.of(String.format("the scenario has %,d MQTT devices, one connection each, and a process on this"
                + " machine may open at most %,d files (ulimit -n): the embedded broker cannot hold them all, and the"
                + " devices it refuses fail to connect; raise the limit (docs/mqtt.md, \"How many devices\")", devices,
                maxOpenFiles));
    }

    /**
     * One subscription per device type: one split each, so a device's messages stay in order and parallel readers
     * share the types.
     */
    @Override
    public JobSource jobSource(Scenario s, JobTargets targets) {
        return new JobSource.Mqtt(targets.mqttUrl(), s.devices().stream()
                .map(d -> MqttSettings.telemetryFilter(d.type())).toList(), s.mqtt().qos(), s.mqtt().consumerAck());
    }

    @Override
    public BrokerNodes brokerNodes(Infrastructure infra) {
        return new BrokerNodes() {
            @Override
            public int count() {
                return 1;
            }

            @Override
            public long pid(int nodeId) {
                EmbeddedMqttBroker b = infra == null ? null : infra.mqttBroker();
                if (b == null) {
                    throw new IllegalStateException("broker faults need the embedded MQTT broker (not --mqtt-url)");
                }
                return b.pid();
            }

            @Override
            public Restarted restart(int nodeId) {
                EmbeddedMqttBroker b = infra.restartMqttBroker();
                return new Restarted(b.url(), b.pid());
            }
        };
    }
}
