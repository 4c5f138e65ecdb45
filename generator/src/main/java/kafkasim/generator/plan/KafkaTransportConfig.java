package kafkasim.generator.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kafkasim.common.scenario.BrokerKind;
import kafkasim.common.security.KafkaClientSecurity;
import kafkasim.generator.transport.Transport;
import kafkasim.generator.transport.kafka.KafkaTransport;
import kafkasim.generator.transport.kafka.ProducerSettings;

/**
 * Devices publish to a Kafka topic.
 *
 * @param bootstrap      Kafka bootstrap servers, {@code host:port[,host:port]}
 * @param topic          the telemetry topic
 * @param producer       Kafka producer properties on top of kafkasim's defaults (null: none)
 * @param security       how the devices connect (null: plaintext); secrets only as file references
 * @param securityByType per device type, how its group's principal connects instead (null: none)
 */
public record KafkaTransportConfig(String bootstrap, String topic, Map<String, String> producer,
                                   KafkaClientSecurity security, Map<String, KafkaClientSecurity> securityByType)
        implements TransportConfig {
    public KafkaTransportConfig(String bootstrap, String topic, Map<String, String> producer) {
        this(bootstrap, topic, producer, null, null);
    }

    public KafkaTransportConfig {
        security = security == null ? KafkaClientSecurity.NONE : security;
        securityByType = securityByType == null ? Map.of() : Map.copyOf(securityByType);
    }

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
        return new KafkaTransport(bootstrap, topic, producer, clientId, security, securityByType);
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
