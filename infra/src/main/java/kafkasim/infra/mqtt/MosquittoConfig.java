package kafkasim.infra.mqtt;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The {@code mosquitto.conf} kafkasim writes at every start: one listener on 127.0.0.1, anonymous clients (loopback
 * only) unless {@code securityLines} say otherwise, persistence in {@code persistenceDir}, {@code $SYS} topics every
 * second, the log on stderr.
 *
 * @param user               the user mosquitto runs as: started as root, mosquitto otherwise switches to user
 *                           {@code mosquitto}, which cannot write kafkasim's folders (CI runs as root) nor read the
 *                           run's owner-only keys, password and ACL files; it is this JVM's user, who owns them
 * @param securityLines      the listener's TLS, authentication and ACL lines ({@link MosquittoSecurity}); plain:
 *                           {@code allow_anonymous true}
 * @param maxQueuedMessages  empty: Mosquitto's default, 1,000 per client; beyond it a message is dropped and counted
 *                           in {@code $SYS/broker/publish/messages/dropped}
 * @param maxInflightMessages empty: Mosquitto's default, 20 (MQTT 3.1.1 clients; an MQTT 5 client's own Receive
 *                           Maximum limits what is sent to it)
 */
record MosquittoConfig(int port, Path persistenceDir, String user, OptionalInt maxQueuedMessages,
                       OptionalInt maxInflightMessages, boolean persistence, List<String> securityLines) {
    /**
     * Seconds between saves of the in-memory state (sessions, queued messages) to {@code mosquitto.db}; a graceful
     * stop always saves. Each save rewrites the whole file, so saving often costs CPU in proportion to the queues
     * during a measurement; a crash of mosquitto alone loses at most this much of its queues.
     */
    static final int AUTOSAVE_INTERVAL_SEC = 30;

    MosquittoConfig {
        Objects.requireNonNull(persistenceDir, "persistenceDir");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(maxQueuedMessages, "maxQueuedMessages");
        Objects.requireNonNull(maxInflightMessages, "maxInflightMessages");
        securityLines = List.copyOf(securityLines);
        if (securityLines.stream().anyMatch(l -> l.matches("(?s).*[\\r\\n].*"))) {
            throw new IllegalArgumentException("a security line must not break lines");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        if (!persistenceDir.isAbsolute() || persistenceDir.toString().matches("(?s).*[\\r\\n].*")) {
            throw new IllegalArgumentException("the persistence folder must be an absolute path without line breaks, "
                    + "was '" + persistenceDir + "'");
        }
        if (!user.matches("[A-Za-z0-9._][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("not a user name mosquitto can switch to: '" + user + "'");
        }
    }

    /** Anonymous clients on plain TCP. */
    MosquittoConfig(int port, Path persistenceDir, String user, OptionalInt maxQueuedMessages,
                    OptionalInt maxInflightMessages, boolean persistence) {
        this(port, persistenceDir, user, maxQueuedMessages, maxInflightMessages, persistence,
                List.of("allow_anonymous true"));
    }

    /** The file's text; mosquitto needs {@code persistence_location} to end with a slash. */
    String text() {
        StringBuilder conf = new StringBuilder()
                .append("# written by kafkasim at every start: changes here are overwritten\n")
                .append("listener ").append(port).append(' ').append(EmbeddedMqttBroker.HOST).append('\n')
                .append(String.join("\n", securityLines)).append('\n')
                .append("persistence ").append(persistence).append('\n');
        if (persistence) {
            conf.append("persistence_location ").append(persistenceDir).append("/\n")
                    .append("autosave_interval ").append(AUTOSAVE_INTERVAL_SEC).append('\n');
        }
        maxQueuedMessages.ifPresent(n -> conf.append("max_queued_messages ").append(n).append('\n'));
        maxInflightMessages.ifPresent(n -> conf.append("max_inflight_messages ").append(n).append('\n'));
        return conf.append("sys_interval 1\n")
                .append("log_dest stderr\n")
                .append("log_type error\nlog_type warning\nlog_type notice\n")
                // thousands of simulated devices connecting would fill the log; errors still show
                .append("connection_messages false\n")
                .append("log_timestamp_format %Y-%m-%dT%H:%M:%S\n")
                .append("user ").append(user).append('\n')
                .toString();
    }
}
