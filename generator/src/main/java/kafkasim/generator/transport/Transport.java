package kafkasim.generator.transport;

import kafkasim.common.security.Rejection;

import java.time.Duration;
import java.util.Collection;

/**
 * The one thing a worker needs from a broker: publish a device's message asynchronously. Implementations live
 * in sub-packages ({@code transport.kafka}); nothing else imports a broker client. Rate, timestamps and
 * statistics stay outside, written once for every transport.
 */
public interface Transport extends AutoCloseable {

    /**
     * The devices this worker hosts from now on, before their first {@link #publish}. Connection-per-device
     * transports (MQTT) connect the new ones and disconnect those no longer listed, and return when connected;
     * Kafka has one producer per worker and needs nothing.
     */
    default void attach(Collection<DeviceAddress> devices) throws InterruptedException {
    }

    /**
     * Publishes {@code payload} for {@code device}. Returns without waiting for the broker; the caller may reuse
     * {@code payload} as soon as this returns. {@code completion} is called exactly once, with null on success
     * or the error, possibly on another thread; this method itself never throws for a failed send.
     */
    void publish(DeviceAddress device, byte[] payload, Completion completion);

    /**
     * Whether {@code error}, given to a {@link Completion}, is the broker refusing this client (its credentials,
     * its certificate, its ACL), and why; null for any other failure. Refusals are counted per device group and
     * reason, apart from other send errors.
     */
    default Rejection rejectionOf(Throwable error) {
        return null;
    }

    /** Sends what is buffered, waits up to {@code flushTimeout} for acknowledgements, and releases the client. */
    void close(Duration flushTimeout);

    @Override
    default void close() {
        close(Duration.ofSeconds(30));
    }

    /** Called when the broker acknowledged a message ({@code error == null}) or gave up on it. */
    @FunctionalInterface
    interface Completion {
        void completed(Throwable error);
    }
}
