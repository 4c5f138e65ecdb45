package kafkasim.generator.transport.mqtt;

import java.util.Map;
import kafkasim.common.security.GroupSecurity;
import kafkasim.common.security.Rejection;
import kafkasim.common.security.SecurityMode;
import kafkasim.infra.mqtt.EmbeddedMosquitto;

/** Mosquitto, mtls with ACL: a group without a client certificate and a group outside the ACL. */
class MosquittoMtlsAclIT extends SecureMqttContract {
    @Override
    String kind() {
        return EmbeddedMosquitto.KIND;
    }

    @Override
    SecurityMode mode() {
        return SecurityMode.MTLS;
    }

    @Override
    Map<String, GroupSecurity> deviations() {
        return mtlsDeviations();
    }

    @Override
    Map<String, Rejection> expectedRejections() {
        return mtlsRejections();
    }

    static Map<String, GroupSecurity> mtlsDeviations() {
        return Map.of("nocert", new GroupSecurity(GroupSecurity.NONE, null), "outside", new GroupSecurity(null, false));
    }

    static Map<String, Rejection> mtlsRejections() {
        return Map.of("nocert", Rejection.TLS, "outside", Rejection.AUTHORISATION);
    }
}
