package kafkasim.simulation.architecture;

import java.util.Map;
import java.util.Optional;
import kafkasim.common.jobs.JobSource;
import kafkasim.common.scenario.BrokerKind;
import kafkasim.common.scenario.Scenario;
import kafkasim.simulation.orchestrator.Infrastructure;
import kafkasim.simulation.submit.JobTargets;

/**
 * What a run does differently per architecture, one method per decision, so that the orchestrator, the commands
 * and the report never branch on the broker's name. A new architecture (a bridge) is one more implementation and
 * one more {@link BrokerKind}; {@link #of(BrokerKind)}'s exhaustive switch is where it is registered. The devices'
 * side of it lives in the generator ({@code TransportConfig}), the jobs' side in the jobs' source.
 */
public sealed interface Architecture permits KafkaArchitecture, MqttArchitecture {
    static Architecture of(BrokerKind kind) {
        return switch (kind) {
            case KAFKA -> KafkaArchitecture.INSTANCE;
            case MQTT -> MqttArchitecture.INSTANCE;
        };
    }

    /** The architecture of a validated scenario. */
    static Architecture of(Scenario s) {
        return of(s.brokerKind());
    }

    BrokerKind kind();

    /** The flag that names an external broker of the devices ({@code --kafka-bootstrap}, {@code --mqtt-url}). */
    String externalBrokerFlag();

    /** The host monitor's role of the devices' broker process(es). */
    String brokerRole();

    /** How a broker of the devices is called in fault records and messages ("Kafka broker 2"). */
    String brokerName(int nodeId);

    /** Broker nodes of the devices' side, numbered 1..n, that broker faults may target. */
    int deviceBrokers(Scenario s);

    /** Brokers of the run's embedded Kafka cluster (every run has one: it carries the log and alerts topics). */
    int kafkaBrokers(Scenario s);

    /** The telemetry the paths consume, as {@code summary.json} names it: a Kafka topic or an MQTT topic filter. */
    String telemetryTopic(Scenario s);

    /**
     * Kafka's topics of the run.
     *
     * @param withAlerts the fast path runs and publishes alerts ({@code run}, not {@code generate})
     */
    KafkaTopicPlan kafkaTopics(Scenario s, boolean withAlerts);

    /** Why the scenario cannot run on this architecture's embedded infrastructure (empty: it can). */
    Optional<String> embeddedProblem(Scenario s);

    /**
     * A warning when the embedded broker cannot hold the scenario (a limit of this machine, not a bad scenario).
     *
     * @param maxOpenFiles this process's {@code ulimit -n}, inherited by the broker
     */
    Optional<String> embeddedBrokerLimit(Scenario s, long maxOpenFiles);

    /**
     * Where the path jobs read the devices' messages: the only part of a job's spec that depends on the
     * architecture.
     */
    JobSource jobSource(Scenario s, JobTargets targets);

    /** The devices' embedded broker nodes in {@code infra}, for the broker faults. */
    BrokerNodes brokerNodes(Infrastructure infra);

    /**
     * The Kafka topics a run creates: partitions by topic, per-topic configs, and one replication factor.
     */
    record KafkaTopicPlan(Map<String, Integer> partitions, Map<String, Map<String, String>> configs,
                          int replicationFactor) {
    }
}
