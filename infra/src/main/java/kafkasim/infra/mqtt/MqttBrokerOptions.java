package kafkasim.infra.mqtt;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

import kafkasim.common.mqtt.HiveMqBrokerArgs;

/**
 * Broker settings kafkasim varies; an empty value keeps the broker's own default, which differ:
 *
 * <ul>
 *   <li>{@code maxQueuedMessages}: QoS 1/2 messages queued per client while it is offline or its in-flight window
 *       is full; beyond it new messages are dropped. HiveMQ CE 1,000 ({@code discard}); Mosquitto 1,000
 *       ({@code max_queued_messages}; a dropped message counts in {@code $SYS/broker/publish/messages/dropped}).</li>
 *   <li>{@code maxInflightMessages}: messages sent to one client and not yet acknowledged. HiveMQ CE 50 (its
 *       internal window; raising it is a kafkasim change of HiveMQ that every figure must mention); Mosquitto 20
 *       ({@code max_inflight_messages}, for MQTT 3.1.1 clients: for MQTT 5 clients the client's Receive Maximum is
 *       the limit).</li>
 * </ul>
 *
 * @param startTimeout how long {@code start} waits for the broker to accept connections
 * @param persistence  sessions, subscriptions and queued messages on disk, kept across a restart (both brokers'
 *                     default); false keeps them in memory only: a restarted broker has forgotten them
 * @param security     the listener's TLS, authentication and ACL (default {@link MqttBrokerSecurity#PLAIN})
 */
public record MqttBrokerOptions(OptionalInt maxQueuedMessages, OptionalInt maxInflightMessages, Duration startTimeout,
                                boolean persistence, MqttBrokerSecurity security) {
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    /** MQTT's Receive Maximum is a two-byte integer. */
    public static final int MAX_INFLIGHT_LIMIT = HiveMqBrokerArgs.MAX_INFLIGHT_LIMIT;

    public MqttBrokerOptions {
        Objects.requireNonNull(maxQueuedMessages, "maxQueuedMessages");
        Objects.requireNonNull(maxInflightMessages, "maxInflightMessages");
        Objects.requireNonNull(startTimeout, "startTimeout");
        security = security == null ? MqttBrokerSecurity.PLAIN : security;
        maxQueuedMessages.ifPresent(n -> {
            if (n < 1) {
                throw new IllegalArgumentException("maxQueuedMessages must be at least 1, was " + n);
            }
        });
        maxInflightMessages.ifPresent(n -> {
            if (n < 1 || n > MAX_INFLIGHT_LIMIT) {
                throw new IllegalArgumentException("maxInflightMessages must be 1.." + MAX_INFLIGHT_LIMIT + ", was " + n);
            }
        });
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, was " + startTimeout);
        }
    }

    /** A plain listener. */
    public MqttBrokerOptions(OptionalInt maxQueuedMessages, OptionalInt maxInflightMessages, Duration startTimeout,
                             boolean persistence) {
        this(maxQueuedMessages, maxInflightMessages, startTimeout, persistence, MqttBrokerSecurity.PLAIN);
    }

    /** The brokers' own limits, {@link #DEFAULT_START_TIMEOUT}. */
    public static MqttBrokerOptions defaults() {
        return new MqttBrokerOptions(OptionalInt.empty(), OptionalInt.empty(), DEFAULT_START_TIMEOUT, true,
                MqttBrokerSecurity.PLAIN);
    }

    public MqttBrokerOptions withMaxQueuedMessages(int messages) {
        return new MqttBrokerOptions(OptionalInt.of(messages), maxInflightMessages, startTimeout, persistence, security);
    }

    public MqttBrokerOptions withMaxInflightMessages(int messages) {
        return new MqttBrokerOptions(maxQueuedMessages, OptionalInt.of(messages), startTimeout, persistence, security);
    }

    public MqttBrokerOptions withStartTimeout(Duration timeout) {
        return new MqttBrokerOptions(maxQueuedMessages, maxInflightMessages, timeout, persistence, security);
    }

    public MqttBrokerOptions withPersistence(boolean onDisk) {
        return new MqttBrokerOptions(maxQueuedMessages, maxInflightMessages, startTimeout, onDisk, security);
    }

    /** The listener secured by {@code security} (TLS, authentication, ACL). */
    public MqttBrokerOptions withSecurity(MqttBrokerSecurity security) {
        return new MqttBrokerOptions(maxQueuedMessages, maxInflightMessages, startTimeout, persistence, security);
    }
}
