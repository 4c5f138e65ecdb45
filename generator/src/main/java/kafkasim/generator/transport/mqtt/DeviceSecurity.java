package kafkasim.generator.transport.mqtt;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import java.util.Optional;
import kafkasim.common.security.MqttClientSecurity;
import kafkasim.common.security.MqttCredentials;

/**
 * One device group's TLS configuration and credentials, read once per group from its {@link MqttClientSecurity}
 * files and shared by every connection of the group (the key material is in memory once, not per device).
 */
record DeviceSecurity(Optional<MqttClientSslConfig> ssl, Optional<MqttCredentials> credentials) {
    static final DeviceSecurity PLAIN = new DeviceSecurity(Optional.empty(), Optional.empty());

    /**
     * Reads the files.
     *
     * @throws IllegalArgumentException naming a missing or unreadable file (never its content)
     */
    static DeviceSecurity of(MqttClientSecurity security) {
        if (!security.encrypted()) {
            return PLAIN;
        }
        MqttClientSslConfigBuilder b = MqttClientSslConfig.builder();
        security.trustManagers().ifPresent(b::trustManagerFactory);
        security.keyManagers().ifPresent(b::keyManagerFactory);
        return new DeviceSecurity(Optional.of(b.build()), security.credentials());
    }
}
