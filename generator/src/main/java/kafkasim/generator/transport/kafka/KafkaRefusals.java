package kafkasim.generator.transport.kafka;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

import kafkasim.common.security.Rejection;

/** Which of the Kafka client's errors are the broker refusing a client, and why. */
final class KafkaRefusals {
    private KafkaRefusals() {
    }

    static Rejection rejectionOf(Throwable error) {
        if (error instanceof SslAuthenticationException) {
            return Rejection.TLS;
        }
        if (error instanceof AuthenticationException) {
            return Rejection.AUTHENTICATION;
        }
        if (error instanceof AuthorizationException) {
            return Rejection.AUTHORISATION;
        }
        return null;
    }
}
