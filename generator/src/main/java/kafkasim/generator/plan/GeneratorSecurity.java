package kafkasim.generator.plan;

import kafkasim.common.security.MqttClientSecurity;

import java.util.Map;
import kafkasim.common.security.KafkaClientSecurity;

/**
 * How the generator's clients connect in a run's security mode: the loggers as one principal, the devices as
 * their group's. No secret is held here: only file references (see {@link KafkaClientSecurity}).
 *
 * @param logger        the log topic's publishers (every generator process)
 * @param devices       the devices of a type without an entry in {@code devicesByType}
 * @param devicesByType per device type, its group's principal (modes that authenticate)
 * @param mqttDevicesByType per device type, how its MQTT devices connect (an MQTT run; empty: plain)
 */
public record GeneratorSecurity(KafkaClientSecurity logger, KafkaClientSecurity devices,
                                Map<String, KafkaClientSecurity> devicesByType,
                                Map<String, MqttClientSecurity> mqttDevicesByType) {
    public static final GeneratorSecurity PLAIN = new GeneratorSecurity(KafkaClientSecurity.NONE,
            KafkaClientSecurity.NONE, Map.of(), Map.of());

    public GeneratorSecurity {
        devicesByType = Map.copyOf(devicesByType);
        mqttDevicesByType = Map.copyOf(mqttDevicesByType);
    }
}
