package kafkasim.infra.kafka;

import kafkasim.common.security.KafkaClientSecurity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import kafkasim.infra.ChildProcesses;
import kafkasim.infra.FreePorts;
import kafkasim.infra.StartException;
import kafkasim.infra.launch.ServerLauncher;
import kafkasim.infra.launch.StopOnce;

/**
 * A real single-node Kafka (KRaft, combined broker+controller) running in a child JVM started from the jars on
 * this JVM's classpath. Everything binds to 127.0.0.1 on ports chosen free at start. The child formats its storage
 * and starts the broker ({@link KafkaBrokerMain}); it watches this JVM and exits when this JVM is gone, even after
 * a {@code kill -9}.
 *
 * <p>Layout of the work directory: {@code server.properties}, {@code logback-broker.xml}, {@code broker.log} (the
 * child's stdout and stderr, appended across restarts) and {@code data/} (log dirs and KRaft metadata). Nothing is
 * deleted on {@link #close()}; an existing, already formatted {@code data/} is reused.
 *
 * <p>The library prints nothing; callers print {@link #startupMillis()}.
 */
public final class EmbeddedKafka implements AutoCloseable {
    /** How long {@link #start(Path)} waits for the broker to answer by default. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** How long {@link #close()} waits after SIGTERM before it kills the broker. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /**
     * JVM options of the broker child: heap and GC flags as in Kafka's own start scripts. The heap is fixed at 1 GB:
     * the log cleaner alone holds a 128 MB dedupe buffer, and from a 256 MB initial heap G1 ran back-to-back
     * marking cycles (71 pauses in a medium run instead of 25).
     */
    public static final List<String> BROKER_JVM_OPTIONS = List.of(
            "-Xms1g", "-Xmx1g",
            "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent", "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true");
    /** Broker properties that {@link EmbeddedKafka} owns; extra properties may not override them. */
    public static final Set<String> RESERVED_PROPERTIES = Set.of(
            "process.roles", "node.id", "listeners", "advertised.listeners", "listener.security.protocol.map",
            "inter.broker.listener.name", "controller.listener.names", "controller.quorum.voters",
            "controller.quorum.bootstrap.servers", "log.dirs", "log.dir", "metadata.log.dir");

    static final String LOGBACK_RESOURCE = "infra/logback-broker.xml";
    static final String HOST = "127.0.0.1";

    /**
     * Who a broker is in its cluster.
     *
     * @param nodeId      Kafka's node.id (from 1)
     * @param clusterSize brokers in the cluster (each also a KRaft voter)
     * @param voters      controller.quorum.voters: {@code 1@127.0.0.1:PORT,2@…}
     * @param proxyPort   0, or the port of the proxy in front of this broker's CLIENTS listener, which the broker
     *                    advertises so that clients reach every broker through its proxy (network faults)
     */
    public record Node(int nodeId, int clusterSize, String voters, int proxyPort) {
        public Node(int nodeId, int clusterSize, String voters) {
            this(nodeId, clusterSize, voters, 0);
        }

        /** A broker on its own: node 1, the only voter, its controller listener on {@code controllerPort}. */
        public static Node single(int controllerPort) {
            return new Node(1, 1, "1@" + HOST + ":" + controllerPort);
        }

        public boolean proxied() {
            return proxyPort > 0;
        }
    }

    private final Path workDir;
    private final Path logFile;
    private final String clusterId;
    private final KafkaBrokerLaunch.Broker broker;
    private final long startupMillis;
    private final StopOnce stopOnce;
    private final Map<String, String> extraProperties;
    private final KafkaBrokerSecurity security;

    private EmbeddedKafka(KafkaBrokerLaunch launch, KafkaBrokerLaunch.Broker broker, long startupMillis,
                          Map<String, String> extraProperties, KafkaBrokerSecurity security) {
        this.extraProperties = Map.copyOf(extraProperties);
        this.security = security;
        this.workDir = launch.dir();
        this.logFile = launch.logFile();
        this.clusterId = launch.clusterId();
        this.broker = broker;
        this.startupMillis = startupMillis;
        this.stopOnce = new StopOnce("embedded-kafka-stop-" + broker.process().pid(),
                () -> ChildProcesses.stop(broker.process(), STOP_TIMEOUT));
    }

    /** Starts a broker with default settings and waits up to {@link #DEFAULT_STARTUP_TIMEOUT} until it answers. */
    public static EmbeddedKafka start(Path workDir) {
        return start(workDir, Map.of(), DEFAULT_STARTUP_TIMEOUT);
    }

    /**
     * Starts a broker with extra broker properties (they override the defaults but may not name any of
     * {@link #RESERVED_PROPERTIES}) and waits up to {@link #DEFAULT_STARTUP_TIMEOUT} until it answers.
     */
    public static EmbeddedKafka start(Path workDir, Map<String, String> extraProperties) {
        return start(workDir, extraProperties, DEFAULT_STARTUP_TIMEOUT);
    }

    /**
     * Starts a broker and waits until an Admin client's {@code describeCluster()} lists it.
     *
     * <p>A port taken by another process between choosing and binding is retried with fresh ports (up to 3
     * attempts); an existing, formatted {@code workDir/data} is reused with its cluster id.
     *
     * @throws StartException if the broker cannot be started or is not ready within {@code timeout} (the child is
     *                        then stopped); the message says what failed, where the broker log is, and quotes the
     *                        log's first error and last lines
     */
    public static EmbeddedKafka start(Path workDir, Map<String, String> extraProperties, Duration timeout) {
        return start(workDir, extraProperties, timeout, KafkaBrokerSecurity.PLAIN);
    }

    /** As {@link #start(Path, Map, Duration)}, with its listeners secured by {@code security}. */
    public static EmbeddedKafka start(Path workDir, Map<String, String> extraProperties, Duration timeout,
                                      KafkaBrokerSecurity security) {
        return start(workDir, extraProperties, timeout, () -> FreePorts.pick(2), ports -> Node.single(ports[1]),
                null, security);
    }

    /**
     * As the public overload; {@code portPicker} supplies {client port, controller port} for each attempt, and a
     * third, the CLIENTS listener's port, for a {@link Node#proxied proxied} node.
     */
    static EmbeddedKafka start(Path workDir, Map<String, String> extraProperties, Duration timeout,
                               Supplier<int[]> portPicker) {
        return start(workDir, extraProperties, timeout, portPicker,
                ports -> Node.single(ports[1]), null, KafkaBrokerSecurity.PLAIN);
    }

    /**
     * One broker of a cluster: {@code nodeOf} says who it is for the ports chosen, {@code givenClusterId} is the
     * cluster's id (null: the data directory's, else a new one).
     */
    static EmbeddedKafka start(Path workDir, Map<String, String> extraProperties, Duration timeout,
                               Supplier<int[]> portPicker, Function<int[], Node> nodeOf,
                               String givenClusterId, KafkaBrokerSecurity security) {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(extraProperties, "extraProperties");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(security, "security");
        for (String key : extraProperties.keySet()) {
            if (RESERVED_PROPERTIES.contains(key)) {
                throw new IllegalArgumentException("broker property '" + key + "' is set by EmbeddedKafka and "
                        + "cannot be overridden");
            }
        }
        long t0 = System.nanoTime();
        KafkaBrokerLaunch launch = KafkaBrokerLaunch.prepare(workDir, extraProperties, timeout, nodeOf,
                givenClusterId, security);
        KafkaBrokerLaunch.Broker broker = ServerLauncher.start(launch, portPicker, ServerLauncher.BIND_ATTEMPTS,
                t0 + timeout.toNanos());
        EmbeddedKafka kafka = new EmbeddedKafka(launch, broker, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                extraProperties, security);
        kafka.stopOnce.arm(launch.name(), launch.logHint());
        return kafka;
    }

    /** How kafkasim's own clients connect to this broker (plain: no properties). */
    public KafkaClientSecurity adminSecurity() {
        return security.admin();
    }

    /** {@code "127.0.0.1:<port>"} of the client listener. */
    public String bootstrap() {
        return HOST + ":" + broker.port();
    }

    /** Port of the client listener. */
    public int port() {
        return broker.port();
    }

    /** Port of the CLIENTS listener that a proxied node's proxy forwards to; 0 if the node is not proxied. */
    public int clientsPort() {
        return broker.clientsPort();
    }

    /** Port of the CONTROLLER listener (KRaft quorum; clients never use it). */
    public int controllerPort() {
        return broker.controllerPort();
    }

    /** Milliseconds from the {@code start(…)} call until the broker answered {@code describeCluster()}. */
    public long startupMillis() {
        return startupMillis;
    }

    public Path workDir() {
        return workDir;
    }

    /** The broker child's stdout and stderr. */
    public Path logFile() {
        return logFile;
    }

    public String clusterId() {
        return clusterId;
    }

    /** Pid of the broker child JVM. */
    public long pid() {
        return broker.process().pid();
    }

    /**
     * Stops this broker (if it still runs) and starts it again on the same ports and data: what a broker that comes
     * back after a crash looks like to its clients, which reconnect to the address they had. It keeps its
     * properties and its security.
     */
    public EmbeddedKafka restart() {
        close();
        int[] ports = {port(), controllerPort(), clientsPort()};
        return start(workDir, extraProperties, DEFAULT_STARTUP_TIMEOUT, () -> ports, p -> node(), clusterId,
                security);
    }

    /** Who this broker is in its cluster. */
    public Node node() {
        return broker.node();
    }

    public boolean isAlive() {
        return broker.process().isAlive();
    }

    /** The broker child JVM, e.g. to sample its CPU and memory (a handle never stands for a later process). */
    public ProcessHandle processHandle() {
        return broker.process().toHandle();
    }

    /**
     * Stops the broker: SIGTERM (Kafka shuts down cleanly), after {@link #STOP_TIMEOUT} SIGKILL. Idempotent; the
     * work directory is left in place.
     */
    @Override
    public void close() {
        stopOnce.close();
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[node " + node().nodeId() + ", " + bootstrap() + ", pid " + pid() + ", " + workDir + "]";
    }

}
