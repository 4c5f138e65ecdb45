package kafkasim.generator.transport;

import java.nio.charset.StandardCharsets;

/**
 * A device as transports see it, built once per device so that publishing allocates nothing for addressing.
 *
 * @param keyBytes UTF-8 device id: the Kafka record key
 */
public record DeviceAddress(String type, String deviceId, byte[] keyBytes) {
    public static DeviceAddress of(String type, String deviceId) {
        return new DeviceAddress(type, deviceId, deviceId.getBytes(StandardCharsets.UTF_8));
    }
}
