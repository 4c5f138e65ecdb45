package kafkasim.generator.transport.mqtt;

import java.util.List;
import java.util.Map;
import kafkasim.common.security.GroupSecurity;
import kafkasim.common.security.MqttClientSecurity;
import kafkasim.common.security.Rejection;
import kafkasim.common.security.SecurityMode;
import kafkasim.infra.mqtt.EmbeddedMosquitto;

/** Mosquitto, tls: anonymous clients over TLS; a group that trusts another CA fails its handshake. */
class MosquittoTlsIT extends SecureMqttContract {
    @Override
    String kind() {
        return EmbeddedMosquitto.KIND;
    }

    @Override
    SecurityMode mode() {
        return SecurityMode.TLS;
    }

    @Override
    Map<String, GroupSecurity> deviations() {
        return Map.of();
    }

    @Override
    Map<String, Rejection> expectedRejections() {
        return Map.of(OtherCa.TYPE, Rejection.TLS);
    }

    @Override
    List<String> extraGroups() {
        return List.of(OtherCa.TYPE);
    }

    @Override
    Map<String, MqttClientSecurity> extraGroupSecurity() {
        return Map.of(OtherCa.TYPE, OtherCa.security(tmp));
    }
}
