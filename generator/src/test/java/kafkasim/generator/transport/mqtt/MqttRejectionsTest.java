package kafkasim.generator.transport.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import kafkasim.common.security.Rejection;
import org.junit.jupiter.api.Test;

/** The classes the client's own exceptions fall into are checked against real brokers (SecureMqttContract). */
class MqttRejectionsTest {
    @Test
    void aTlsFailureAnywhereInTheCausesIsTls() {
        Throwable wrapped = new CompletionException(new IllegalStateException(new SSLHandshakeException("bad cert")));
        assertEquals(Rejection.TLS, MqttRejections.of(wrapped));
        assertTrue(MqttRejections.refusesConnection(wrapped), "not retried");
    }

    @Test
    void otherFailuresAreNoRefusal() {
        assertNull(MqttRejections.of(new IllegalStateException("MQTT client is not connected")));
        assertNull(MqttRejections.of(null));
        assertFalse(MqttRejections.refusesConnection(new java.net.ConnectException("refused")));
    }
}
