package kafkasim.generator.transport.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import kafkasim.common.security.Rejection;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class KafkaRefusalsTest {
    @Test
    void theBrokersRefusalsAreToldFromOtherFailures() {
        assertEquals(Rejection.AUTHENTICATION, KafkaRefusals.rejectionOf(new SaslAuthenticationException("bad")));
        assertEquals(Rejection.TLS, KafkaRefusals.rejectionOf(new SslAuthenticationException("handshake")));
        assertEquals(Rejection.AUTHORISATION, KafkaRefusals.rejectionOf(new TopicAuthorizationException(Set.of("t"))));
        assertEquals(Rejection.AUTHORISATION, KafkaRefusals.rejectionOf(new ClusterAuthorizationException("no")));
        assertNull(KafkaRefusals.rejectionOf(new TimeoutException("slow")));
        assertNull(KafkaRefusals.rejectionOf(null));
    }

    @Test
    void theSecuritySettingsAreTheSecurityBlocksNotTheProducers() {
        List<String> p = ProducerSettings.problems(Map.of("security.protocol", "SSL", "ssl.truststore.location", "/x",
                "sasl.mechanism", "PLAIN", "linger.ms", "3"), "kafka.producer");
        assertEquals(3, p.size(), p.toString());
        assertTrue(p.stream().allMatch(s -> s.contains("cannot be set: kafkasim connects every client as the"
                + " scenario's security block says")), p.toString());
    }
}
