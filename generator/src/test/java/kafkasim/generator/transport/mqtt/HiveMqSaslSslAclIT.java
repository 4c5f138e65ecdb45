package kafkasim.generator.transport.mqtt;

import java.util.Map;
import kafkasim.common.security.GroupSecurity;
import kafkasim.common.security.Rejection;
import kafkasim.common.security.SecurityMode;
import kafkasim.infra.mqtt.EmbeddedHiveMq;

/** HiveMQ CE, sasl_ssl with ACL: a wrong password, no credentials, and a group outside the ACL. */
class HiveMqSaslSslAclIT extends SecureMqttContract {
    @Override
    String kind() {
        return EmbeddedHiveMq.KIND;
    }

    @Override
    SecurityMode mode() {
        return SecurityMode.SASL_SSL;
    }

    @Override
    Map<String, GroupSecurity> deviations() {
        return MosquittoSaslSslAclIT.saslDeviations();
    }

    @Override
    Map<String, Rejection> expectedRejections() {
        return MosquittoSaslSslAclIT.saslRejections();
    }

}
