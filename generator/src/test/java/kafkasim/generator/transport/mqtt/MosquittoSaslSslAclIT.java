package kafkasim.generator.transport.mqtt;

import java.util.HashMap;
import java.util.Map;
import kafkasim.common.security.GroupSecurity;
import kafkasim.common.security.Rejection;
import kafkasim.common.security.SecurityMode;
import kafkasim.infra.mqtt.EmbeddedMosquitto;

/** Mosquitto, sasl_ssl with ACL: a wrong password, no credentials, and a group outside the ACL. */
class MosquittoSaslSslAclIT extends SecureMqttContract {
    @Override
    String kind() {
        return EmbeddedMosquitto.KIND;
    }

    @Override
    SecurityMode mode() {
        return SecurityMode.SASL_SSL;
    }

    @Override
    Map<String, GroupSecurity> deviations() {
        return saslDeviations();
    }

    @Override
    Map<String, Rejection> expectedRejections() {
        return saslRejections();
    }

    static Map<String, GroupSecurity> saslDeviations() {
        return Map.of("wrongpw", new GroupSecurity(GroupSecurity.WRONG_PASSWORD, null),
                "anon", new GroupSecurity(GroupSecurity.NONE, null),
                "outside", new GroupSecurity(null, false));
    }

    static Map<String, Rejection> saslRejections() {
        Map<String, Rejection> m = new HashMap<>();
        m.put("wrongpw", Rejection.AUTHENTICATION);
        m.put("anon", Rejection.AUTHENTICATION);
        m.put("outside", Rejection.AUTHORISATION);
        return m;
    }
}
