package kafkasim.common.mqtt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The command line of the HiveMQ broker JVM ({@code kafkasim.mqttbroker.HiveMqBrokerMain}, module mqtt-broker) and
 * what it answers: the one contract between that JVM and its launcher ({@code kafkasim.infra.mqtt.EmbeddedHiveMq}),
 * which share no classpath but this module's.
 *
 * <p>{@code --port P --data-dir DIR [--max-inflight N] [--max-queued-messages N] [--persistence file|in-memory]}:
 * listen on 127.0.0.1:P, keep configuration, persistence and extensions under DIR; {@code --max-inflight} is HiveMQ's
 * broker→client in-flight window per client (HiveMQ's default 50), {@code --max-queued-messages} the messages queued
 * per client while it is offline or its window is full (HiveMQ's default 1,000, then new ones are discarded);
 * {@code --persistence in-memory} keeps sessions, subscriptions and queues in memory only (HiveMQ's default: file),
 * so a restarted broker has forgotten them; {@code --security FILE} makes the listener TLS with what
 * {@link HiveMqSecuritySpec} says (the file, owner-only, holds paths and no secret: the passwords are hashes in a file
 * it names), never an argument a password or key could be read from.
 */
public record HiveMqBrokerArgs(int port, Path dataDir, OptionalInt maxInflightMessages, OptionalInt maxQueuedMessages,
                               boolean persistence, Optional<Path> security) {
    public static final String PERSISTENCE_FILE = "file";
    public static final String PERSISTENCE_IN_MEMORY = "in-memory";
    /** The one line the broker JVM prints on stdout, once it accepts connections; followed by the port. */
    public static final String READY_PREFIX = "[kafkasim] hivemq ready on 127.0.0.1:";
    /** The parent is gone ({@code ParentWatch}). */
    public static final int EXIT_ORPHANED = 3;
    public static final int EXIT_USAGE = 64;
    /** HiveMQ did not start, for another reason than its port. */
    public static final int EXIT_START_FAILED = 65;
    /** HiveMQ did not start and its port is taken (the launcher may retry with another port). */
    public static final int EXIT_PORT_TAKEN = 66;
    /** The largest in-flight window MQTT can express (Receive Maximum is a two-byte integer). */
    public static final int MAX_INFLIGHT_LIMIT = 65_535;

    public HiveMqBrokerArgs {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(maxInflightMessages, "maxInflightMessages");
        Objects.requireNonNull(maxQueuedMessages, "maxQueuedMessages");
        security = security == null ? Optional.empty() : security;
        if (security.isPresent() && !security.get().isAbsolute()) {
            throw new IllegalArgumentException("--security must be an absolute path, was " + security.get());
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 1..65535, was " + port);
        }
        if (!dataDir.isAbsolute()) {
            throw new IllegalArgumentException("--data-dir must be an absolute path, was " + dataDir);
        }
        maxInflightMessages.ifPresent(n -> {
            if (n < 1 || n > MAX_INFLIGHT_LIMIT) {
                throw new IllegalArgumentException("--max-inflight must be 1.." + MAX_INFLIGHT_LIMIT + ", was " + n);
            }
        });
        maxQueuedMessages.ifPresent(n -> {
            if (n < 1) {
                throw new IllegalArgumentException("--max-queued-messages must be at least 1, was " + n);
            }
        });
    }

    /** A plain TCP listener. */
    public HiveMqBrokerArgs(int port, Path dataDir, OptionalInt maxInflightMessages, OptionalInt maxQueuedMessages,
                            boolean persistence) {
        this(port, dataDir, maxInflightMessages, maxQueuedMessages, persistence, Optional.empty());
    }

    /** The ready line for {@code port}. */
    public static String readyLine(int port) {
        return READY_PREFIX + port;
    }

    /**
     * Parses a command line.
     *
     * @throws IllegalArgumentException naming the argument that is unknown, missing, repeated or out of range
     */
    public static HiveMqBrokerArgs parse(List<String> args) {
        Integer port = null;
        Path dataDir = null;
        OptionalInt inflight = OptionalInt.empty();
        OptionalInt queued = OptionalInt.empty();
        String persistence = null;
        Path security = null;
        for (int i = 0; i < args.size(); i += 2) {
            String name = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args.get(i + 1);
            switch (name) {
                case "--port" -> port = once(name, port, integer(name, value));
                case "--data-dir" -> dataDir = once(name, dataDir, Path.of(value));
                case "--max-inflight" -> inflight = OptionalInt.of(once(name, inflight, integer(name, value)));
                case "--max-queued-messages" -> queued = OptionalInt.of(once(name, queued, integer(name, value)));
                case "--persistence" -> persistence = once(name, persistence, persistenceMode(value));
                case "--security" -> security = once(name, security, Path.of(value));
                default -> throw new IllegalArgumentException("unknown argument " + name + "; usage: " + usage());
            }
        }
        if (port == null || dataDir == null) {
            throw new IllegalArgumentException((port == null ? "--port" : "--data-dir") + " is required; usage: "
                    + usage());
        }
        return new HiveMqBrokerArgs(port, dataDir, inflight, queued, !PERSISTENCE_IN_MEMORY.equals(persistence),
                Optional.ofNullable(security));
    }

    public static String usage() {
        return "--port P --data-dir DIR [--max-inflight N] [--max-queued-messages N] [--persistence file|in-memory]"
                + " [--security FILE]";
    }

    private static String persistenceMode(String value) {
        if (!PERSISTENCE_FILE.equals(value) && !PERSISTENCE_IN_MEMORY.equals(value)) {
            throw new IllegalArgumentException("--persistence must be file or in-memory, was '" + value + "'");
        }
        return value;
    }

    /** The command line that {@link #parse} reads back into this record. */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        maxInflightMessages.ifPresent(n -> args.addAll(List.of("--max-inflight", Integer.toString(n))));
        maxQueuedMessages.ifPresent(n -> args.addAll(List.of("--max-queued-messages", Integer.toString(n))));
        if (!persistence) {
            args.addAll(List.of("--persistence", PERSISTENCE_IN_MEMORY));
        }
        security.ifPresent(f -> args.addAll(List.of("--security", f.toString())));
        return args;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'");
        }
    }

    private static <T> T once(String name, Object previous, T value) {
        boolean seen = previous instanceof OptionalInt o ? o.isPresent() : previous != null;
        if (seen) {
            throw new IllegalArgumentException(name + " is given twice");
        }
        return value;
    }
}
