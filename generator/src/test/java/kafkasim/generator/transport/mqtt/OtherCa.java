package kafkasim.generator.transport.mqtt;

import java.nio.file.Path;
import java.util.Set;
import kafkasim.common.security.MqttClientSecurity;
import kafkasim.common.security.SecurityMode;
import kafkasim.infra.security.SecurityMaterial;

/** A device group that trusts the CA of another run: the broker's certificate does not verify for it. */
final class OtherCa {
    static final String TYPE = "untrusting";

    private OtherCa() {
    }

    static MqttClientSecurity security(Path tmp) {
        SecurityMaterial other = SecurityMaterial.create(tmp.resolve("other-ca"), new SecurityMaterial.Request(
                "other", SecurityMode.TLS, Set.of("x"), Set.of(), Set.of(), Set.of()));
        return new MqttClientSecurity(SecurityMode.TLS.id(), other.files().caCertificate().toString(), null, null,
                null);
    }
}
