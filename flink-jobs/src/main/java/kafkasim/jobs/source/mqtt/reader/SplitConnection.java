package kafkasim.jobs.source.mqtt.reader;

import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttVersion;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import kafkasim.jobs.source.mqtt.MqttSourceSettings;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One split's MQTT connection: a persistent session under the split's client id, one subscription, every message
 * of the connection to the {@link Listener} on the reader's callback executor. A lost connection is re-established
 * with backoff (the session carries the subscription and the unacknowledged messages across); a refusal by the
 * broker or a session taken over by another client fails the reader instead, as retrying cannot help.
 */
abstract class SplitConnection {
    private static final Logger LOG = LoggerFactory.getLogger(SplitConnection.class);
    static final long FIRST_RECONNECT_DELAY_MS = 500;
    static final long MAX_RECONNECT_DELAY_MS = 10_000;

    /** Where a connection's messages and unrecoverable failures go. */
    interface Listener {
        /** On the callback executor; may block while the reader's queue is full. */
        void onMessage(ReceivedMessage message);

        /** On any thread. */
        void onFailure(Throwable cause);
    }

    protected final MqttSourceSettings settings;
    protected final MqttTopicSplit split;
    protected final String clientId;
    protected final Listener listener;
    private volatile boolean stopped;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private int connections; // touched by the client's event loop only

    SplitConnection(MqttSourceSettings settings, MqttTopicSplit split, Listener listener) {
        this.settings = settings;
        this.split = split;
        this.clientId = settings.clientId(split);
        this.listener = listener;
    }

    /** The connection of {@code split}, in the settings' MQTT version; nothing is sent before {@link #start()}. */
    static SplitConnection create(MqttSourceSettings settings, MqttTopicSplit split, Listener listener,
                                  Executor callbacks) {
        ConnectionSecurity security;
        try {
            security = ConnectionSecurity.of(settings.security());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a missing key or certificate file: the task fails, naming it
        }
        return settings.mqttVersion() == MqttVersion.MQTT_3_1_1
                ? new Mqtt3SplitConnection(settings, split, listener, callbacks, security)
                : new Mqtt5SplitConnection(settings, split, listener, callbacks, security);
    }

    /**
     * Connects (retrying while the broker cannot be reached) and subscribes; a failure (refused connection or
     * subscription, a lower QoS granted than asked for) goes to {@link Listener#onFailure}.
     */
    final void start() {
        connectAndSubscribe().whenComplete((grantedQos, error) -> {
            if (error != null) {
                listener.onFailure(new IOException(this + " could not connect and subscribe: " + error, error));
            } else if (grantedQos >= 0x80 || grantedQos < settings.qos()) {
                listener.onFailure(new IOException(this + ": the broker answered the subscription with code "
                        + grantedQos + " (QoS " + settings.qos() + " asked for)"));
            } else {
                LOG.info("{} subscribed with QoS {}", this, grantedQos);
            }
        });
    }

    /**
     * Disconnects; what is unacknowledged stays in the session. Completes (never exceptionally) once the client
     * is disconnected for good, so a successor with the same client id cannot meet this connection: a connect or
     * reconnect in progress is disconnected when it succeeds ({@link #onConnected}) and not retried when it fails.
     */
    final CompletableFuture<Void> stop() {
        stopped = true;
        MqttClientState state = state();
        if (state.isConnected()) {
            disconnectForGood();
        } else if (state == MqttClientState.DISCONNECTED) {
            terminated.complete(null);
        }
        return terminated;
    }

    private void disconnectForGood() {
        disconnect().whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.debug("{} disconnect: {}", this, error.toString());
            }
            terminated.complete(null);
        });
    }

    /** Connects with a persistent session and subscribes; completes with the SUBACK's code for the filter. */
    protected abstract CompletableFuture<Integer> connectAndSubscribe();

    protected abstract MqttClientState state();

    protected abstract CompletableFuture<Void> disconnect();

    /** Connected listener (client event loop). */
    protected final void onConnected(boolean sessionPresent) {
        connections++;
        if (stopped) {
            disconnectForGood();
        } else if (connections == 1) {
            LOG.info("{} connected to {}:{}, {}", this, settings.host(), settings.port(), sessionPresent
                    ? "session resumed (the broker redelivers what was not acknowledged)" : "new session");
        } else if (sessionPresent) {
            LOG.info("{} reconnected, session resumed", this);
        } else {
            LOG.warn("{} reconnected, but the broker no longer had its session: whatever it held for this "
                    + "subscription is lost; subscribing again", this);
        }
    }

    /** Disconnected listener (client event loop): decides whether to reconnect. */
    protected final void onDisconnected(MqttClientDisconnectedContext context) {
        if (context.getSource() == MqttDisconnectSource.USER) {
            return; // stop(): terminated completes with the disconnect
        }
        if (stopped) {
            terminated.complete(null); // not reconnecting: the client is done
            return;
        }
        Throwable cause = context.getCause();
        if (cause instanceof Mqtt5ConnAckException || cause instanceof Mqtt3ConnAckException) {
            listener.onFailure(new IOException(this + " was refused by the broker: " + cause, cause));
            return;
        }
        if (tlsFailure(cause)) {
            // an untrusted broker certificate or a refused client certificate does not heal by retrying
            listener.onFailure(new IOException(this + ": the TLS handshake failed: " + cause, cause));
            return;
        }
        if (cause instanceof Mqtt5DisconnectException disconnect
                && disconnect.getMqttMessage().getReasonCode() == Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER) {
            listener.onFailure(new IOException(this + ": another client connected with the same client id (two "
                    + "jobs with one clientIdPrefix, or a reader of an earlier attempt still running)", cause));
            return;
        }
        int attempts = context.getReconnector().getAttempts();
        long delayMs = Math.min(FIRST_RECONNECT_DELAY_MS << Math.min(attempts, 16), MAX_RECONNECT_DELAY_MS);
        LOG.warn("{} has no connection ({}); attempt {} in {} ms", this, cause.toString(), attempts + 1, delayMs);
        context.getReconnector().reconnect(true).delay(delayMs, TimeUnit.MILLISECONDS);
    }

    private static boolean tlsFailure(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "MQTT client " + clientId + " (" + split.topicFilter() + ")";
    }
}
