package kafkasim.simulation.orchestrator;

import java.nio.file.Path;
import kafkasim.common.scenario.MqttSettings;
import kafkasim.infra.mqtt.MqttBrokerOptions;
import kafkasim.infra.net.NetProxy;

/**
 * What the user gave for a run's {@link Infrastructure}; null means "start an embedded one".
 *
 * @param withConsumers false for {@code generate}: no PostgreSQL, no Flink
 * @param mqtt          the MQTT broker of an MQTT run, null in a Kafka run
 * @param netProxies    put a {@link NetProxy} between the telemetry broker (each Kafka node, or the MQTT
 *                      broker) and its clients, for the network faults
 */
public record InfraOptions(String kafkaBootstrap, String jdbcUrl, String jdbcUser, String jdbcPassword,
                           String flinkRest, Path filesDir, boolean withConsumers, Mqtt mqtt, int kafkaBrokers,
                           boolean netProxies) {
    /** A Kafka run. */
    public InfraOptions(String kafkaBootstrap, String jdbcUrl, String jdbcUser, String jdbcPassword,
                        String flinkRest, Path filesDir, boolean withConsumers) {
        this(kafkaBootstrap, jdbcUrl, jdbcUser, jdbcPassword, flinkRest, filesDir, withConsumers, null, 1, false);
    }

    /** One embedded Kafka broker. */
    public InfraOptions(String kafkaBootstrap, String jdbcUrl, String jdbcUser, String jdbcPassword,
                        String flinkRest, Path filesDir, boolean withConsumers, Mqtt mqtt) {
        this(kafkaBootstrap, jdbcUrl, jdbcUser, jdbcPassword, flinkRest, filesDir, withConsumers, mqtt, 1, false);
    }

    /** With an embedded Kafka cluster of {@code brokers} (the scenario's {@code kafka.brokers}). */
    public InfraOptions withKafkaBrokers(int brokers) {
        return new InfraOptions(kafkaBootstrap, jdbcUrl, jdbcUser, jdbcPassword, flinkRest, filesDir, withConsumers,
                mqtt, brokers, netProxies);
    }

    /** With (or without) proxies in front of the telemetry broker. */
    public InfraOptions withNetProxies(boolean proxies) {
        return new InfraOptions(kafkaBootstrap, jdbcUrl, jdbcUser, jdbcPassword, flinkRest, filesDir, withConsumers,
                mqtt, kafkaBrokers, proxies);
    }

    /**
     * The MQTT broker: {@code url} of an external one, else an embedded one of {@code kind} with the scenario's
     * limits and persistence (see {@code MqttSettings}).
     */
    public record Mqtt(String url, String kind, int inflightWindow, int maxQueuedMessages, boolean persistence) {
        /** The broker {@code url} (null: an embedded one of {@code kind}) with the scenario's broker settings. */
        public static Mqtt of(String url, String kind, MqttSettings settings) {
            return new Mqtt(url, kind, settings.brokerInflightWindow(), settings.brokerMaxQueuedMessages(),
                    settings.brokerPersistence());
        }

        MqttBrokerOptions brokerOptions() {
            return MqttBrokerOptions.defaults().withMaxInflightMessages(inflightWindow)
                    .withMaxQueuedMessages(maxQueuedMessages).withPersistence(persistence);
        }
    }
}
