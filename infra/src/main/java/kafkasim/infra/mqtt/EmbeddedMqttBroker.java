package kafkasim.infra.mqtt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An MQTT broker kafkasim started on 127.0.0.1, in a process of its own that does not outlive the JVM that
 * started it (not even after {@code kill -9}): HiveMQ Community Edition ({@link EmbeddedHiveMq}) or Mosquitto
 * ({@link EmbeddedMosquitto}). Anonymous clients on plain TCP are allowed (loopback only) unless the options'
 * {@link MqttBrokerSecurity} makes the listener TLS, with authentication and an ACL; persistence is on, so a restart on
 * the same data directory keeps persistent sessions and their queued messages. {@link #url()} stays
 * {@code tcp://127.0.0.1:PORT} in every mode: a client's {@code MqttClientSecurity} says whether it speaks TLS.
 */
public sealed interface EmbeddedMqttBroker extends AutoCloseable permits EmbeddedHiveMq, EmbeddedMosquitto {
    String HOST = "127.0.0.1";

    /**
     * Starts a broker of {@code kind} ({@value EmbeddedHiveMq#KIND} or {@value EmbeddedMosquitto#KIND}) and waits
     * until it accepts connections; {@code port} 0 picks a free one.
     *
     * @throws IllegalArgumentException for an unknown kind or a port outside 0..65535
     * @throws kafkasim.infra.StartException if the broker cannot be started; the message says why and where its log is
     */
    static EmbeddedMqttBroker start(String kind, Path dataDir, int port, MqttBrokerOptions options) {
        return switch (kind) {
            case EmbeddedHiveMq.KIND -> EmbeddedHiveMq.start(dataDir, port, options);
            case EmbeddedMosquitto.KIND -> EmbeddedMosquitto.start(dataDir, port, options);
            default -> throw new IllegalArgumentException("unknown MQTT broker '" + kind + "': "
                    + EmbeddedHiveMq.KIND + " or " + EmbeddedMosquitto.KIND);
        };
    }

    /** {@value EmbeddedHiveMq#KIND} or {@value EmbeddedMosquitto#KIND}. */
    String kind();

    /** {@code tcp://127.0.0.1:PORT}. */
    default String url() {
        return "tcp://" + HOST + ":" + port();
    }

    int port();

    /** Pid of the broker itself (HiveMQ's JVM, the mosquitto process), e.g. for its CPU and memory. */
    long pid();

    /** Every process this broker runs (Mosquitto's watcher JVM too), for accounting; empty once all are gone. */
    List<ProcessHandle> processes();

    /** From the {@code start(…)} call until the broker accepted connections. */
    Duration startTime();

    /** The folder of the broker's configuration and persistence; kept after {@link #close()}. */
    Path dataDir();

    /** The broker's stdout and stderr (appended across starts). */
    Path logFile();

    boolean isAlive();

    /** Stops the broker gracefully (its persistence is saved), kills it if it takes too long. Idempotent. */
    @Override
    void close();
}
