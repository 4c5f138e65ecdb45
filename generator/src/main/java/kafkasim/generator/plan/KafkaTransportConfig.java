package kafkasim.generator.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kafkasim.common.scenario.BrokerKind;
import kafkasim.generator.transport.Transport;
import kafkasim.generator.transport.kafka.KafkaTransport;
import kafkasim.generator.transport.kafka.ProducerSettings;

/**
 * Devices publish to a Kafka topic.
 *
 * @param bootstrap Kafka bootstrap servers, {@code host:port[,host:port]}
 * @param topic     the telemetry topic
 * @param producer  Kafka producer properties on top of kafkasim's defaults (null: none)
 */
public record KafkaTransportConfig(String bootstrap, String topic, Map<String, String> producer)
        implements TransportConfig {
    @Override
    public BrokerKind kind() {
        return BrokerKind.KAFKA;
    }

    @Override
    public int maxDevicesPerWorker() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Transport open(String clientId) {
        return new KafkaTransport(bootstrap, topic, producer, clientId);
    }

    @Override
    public List<String> problems(String at) {
        List<String> problems = new ArrayList<>();
        if (bootstrap == null || topic == null) {
            problems.add(at + " with bootstrap and topic is required for broker \"kafka\"");
        } else if (producer != null) {
            // an edited producer setting is checked like the scenario's: a bad one never reaches the workers
            problems.addAll(ProducerSettings.problems(producer, at + ".producer"));
        }
        return problems;
    }
}
