package kafkasim.generator.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import kafkasim.common.scenario.BrokerKind;
import kafkasim.common.scenario.Scenario;
import kafkasim.generator.transport.Transport;

/**
 * Where the workers' devices publish: one record per architecture, each holding only its own broker's settings.
 * In the config file the {@code broker} field names the kind ({@code "kafka"}, {@code "mqtt"}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "broker")
@JsonSubTypes({@JsonSubTypes.Type(value = KafkaTransportConfig.class, name = "kafka"),
        @JsonSubTypes.Type(value = MqttTransportConfig.class, name = "mqtt")})
public sealed interface TransportConfig permits KafkaTransportConfig, MqttTransportConfig {
    /** The architecture this transport belongs to. */
    @JsonIgnore
    BrokerKind kind();

    /**
     * The most devices one worker process can carry on this transport, whatever the load (MQTT: one connection,
     * i.e. one file descriptor, per device).
     */
    @JsonIgnore
    int maxDevicesPerWorker();

    /**
     * A new client of this transport (the worker's only broker client for telemetry).
     *
     * @param clientId the client's name at the broker where it has one (Kafka's {@code client.id})
     */
    Transport open(String clientId);

    /** What is wrong with this config, each problem naming its field under {@code at} (empty: nothing). */
    List<String> problems(String at);

    /**
     * The scenario's transport.
     *
     * @param bootstrap the Kafka cluster of a Kafka run (its generator's producers bootstrap there)
     * @param mqttUrl   the MQTT broker of an MQTT run
     * @param security  how the devices connect
     */
    static TransportConfig of(Scenario s, String bootstrap, String mqttUrl, GeneratorSecurity security) {
        return switch (s.brokerKind()) {
            case KAFKA -> new KafkaTransportConfig(bootstrap, s.kafka().topic(), s.kafka().producer(),
                    security.devices(), security.devicesByType());
            case MQTT -> new MqttTransportConfig(mqttUrl, s.mqtt(), security.mqttDevicesByType());
        };
    }
}
