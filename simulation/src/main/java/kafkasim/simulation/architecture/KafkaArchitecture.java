package kafkasim.simulation.architecture;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import kafkasim.common.jobs.JobSource;
import kafkasim.common.scenario.BrokerKind;
import kafkasim.common.scenario.Scenario;
import kafkasim.infra.kafka.EmbeddedKafka;
import kafkasim.infra.kafka.EmbeddedKafkaCluster;
import kafkasim.simulation.host.HostMonitor;
import kafkasim.simulation.orchestrator.Infrastructure;
import kafkasim.simulation.submit.JobTargets;

/** The new architecture: devices publish to a Kafka topic; the paths are its consumer groups. */
final class KafkaArchitecture implements Architecture {
    static final KafkaArchitecture INSTANCE = new KafkaArchitecture();

    private KafkaArchitecture() {
    }

    @Override
    public BrokerKind kind() {
        return BrokerKind.KAFKA;
    }

    @Override
    public String externalBrokerFlag() {
        return "--kafka-bootstrap";
    }

    @Override
    public String brokerRole() {
        return HostMonitor.KAFKA;
    }

    @Override
    public String brokerName(int nodeId) {
        return "Kafka broker " + nodeId;
    }

    @Override
    public int deviceBrokers(Scenario s) {
        return s.kafka().brokers();
    }

    @Override
    public int kafkaBrokers(Scenario s) {
        return s.kafka().brokers();
    }

    @Override
    public String telemetryTopic(Scenario s) {
        return s.kafka().topic();
    }

    @Override
    public KafkaTopicPlan kafkaTopics(Scenario s, boolean withAlerts) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put(s.kafka().topic(), s.kafka().partitions());
        topics.put(s.kafka().logTopic(), 1);
        if (withAlerts) {
            topics.put(s.kafka().alertsTopic(), 1);
        }
        return new KafkaTopicPlan(topics,
                Map.of(s.kafka().topic(), Map.of("min.insync.replicas", s.kafka().minInsyncReplicas().toString())),
                s.kafka().replicationFactor());
    }

    @Override
    public Optional<String> embeddedProblem(Scenario s) {
        if (s.kafka().replicationFactor() <= s.kafka().brokers()) {
            return Optional.empty();
        }
        return Optional.of("kafka.replicationFactor " + s.kafka().replicationFactor() + " needs as many"
                + " brokers: set kafka.brokers to at least that for the embedded cluster (it is "
                + s.kafka().brokers() + "), or give --kafka-bootstrap");
    }

    @Override
    public Optional<String> embeddedBrokerLimit(Scenario s, long maxOpenFiles) {
        return Optional.empty(); // the producers' few connections per worker are no limit
    }

    /** The telemetry topic, each path job its own consumer group. */
    @Override
    public JobSource jobSource(Scenario s, JobTargets targets) {
        return new JobSource.Kafka(targets.bootstrap(), targets.topic());
    }

    @Override
    public BrokerNodes brokerNodes(Infrastructure infra) {
        return new BrokerNodes() {
            @Override
            public int count() {
                return cluster() == null ? 1 : cluster().size();
            }

            @Override
            public long pid(int nodeId) {
                EmbeddedKafkaCluster k = cluster();
                if (k == null) {
                    throw new IllegalStateException("broker faults need the embedded Kafka broker (not "
                            + "--kafka-bootstrap)");
                }
                return k.node(nodeId).pid();
            }

            @Override
            public Restarted restart(int nodeId) {
                EmbeddedKafka k = infra.restartKafka(nodeId);
                return new Restarted(k.bootstrap(), k.pid());
            }

            private EmbeddedKafkaCluster cluster() {
                return infra == null ? null : infra.kafka();
            }
        };
    }
}
