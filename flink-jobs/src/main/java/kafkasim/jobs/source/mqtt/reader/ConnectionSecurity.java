package kafkasim.jobs.source.mqtt.reader;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import java.io.IOException;
import java.util.Optional;
import kafkasim.common.security.MqttClientSecurity;
import kafkasim.common.security.MqttCredentials;

/**
 * A split connection's TLS configuration and credentials, read from the job's {@link MqttClientSecurity} files when
 * the reader opens the connection (in the TaskManager: the files are on its host, the spec carries only paths).
 */
record ConnectionSecurity(Optional<MqttClientSslConfig> ssl, Optional<MqttCredentials> credentials) {
    /**
     * @throws IOException naming the file that is missing or unreadable (never its content)
     */
    static ConnectionSecurity of(MqttClientSecurity security) throws IOException {
        if (!security.encrypted()) {
            return new ConnectionSecurity(Optional.empty(), Optional.empty());
        }
        try {
            MqttClientSslConfigBuilder b = MqttClientSslConfig.builder();
            security.trustManagers().ifPresent(b::trustManagerFactory);
            security.keyManagers().ifPresent(b::keyManagerFactory);
            return new ConnectionSecurity(Optional.of(b.build()), security.credentials());
        } catch (IllegalArgumentException e) {
            throw new IOException("the MQTT source cannot connect in mode " + security.mode() + ": " + e.getMessage(),
                    e);
        }
    }
}
