package kafkasim.generator.transport;

import kafkasim.generator.plan.TransportConfig;
import kafkasim.generator.transport.kafka.KafkaTransport;
import kafkasim.generator.transport.mqtt.MqttTransport;

/** Picks the transport named by the config. */
public final class Transports {
    private Transports() {
    }

    public static Transport create(TransportConfig config, String clientId) {
        return switch (config.broker()) {
            case "kafka" -> new KafkaTransport(config.bootstrap(), config.topic(), config.producer(), clientId);
            case "mqtt" -> new MqttTransport(config.mqttUrl(), config.mqtt());
            default -> throw new IllegalArgumentException("transport.broker \"" + config.broker()
                    + "\" is not implemented");
        };
    }
}
