package kafkasim.generator.transport.mqtt;

import java.util.Map;
import kafkasim.common.security.GroupSecurity;
import kafkasim.common.security.Rejection;
import kafkasim.common.security.SecurityMode;
import kafkasim.infra.mqtt.EmbeddedHiveMq;

/** HiveMQ CE, mtls with ACL: a group without a client certificate and a group outside the ACL. */
class HiveMqMtlsAclIT extends SecureMqttContract {
    @Override
    String kind() {
        return EmbeddedHiveMq.KIND;
    }

    @Override
    SecurityMode mode() {
        return SecurityMode.MTLS;
    }

    @Override
    Map<String, GroupSecurity> deviations() {
        return MosquittoMtlsAclIT.mtlsDeviations();
    }

    @Override
    Map<String, Rejection> expectedRejections() {
        return MosquittoMtlsAclIT.mtlsRejections();
    }

}
