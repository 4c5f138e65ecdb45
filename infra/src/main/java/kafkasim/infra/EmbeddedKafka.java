package kafkasim.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

import kafkasim.common.process.ChildJvm;

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
    /** JVM options of the broker child (heap kept modest; GC flags as in Kafka's own start scripts). */
    public static final List<String> BROKER_JVM_OPTIONS = List.of(
            "-Xms256m", "-Xmx1g",
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
    private static final int NODE_ID = 1;
    private static final int BIND_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 40;
    private static final int MAX_LOG_READ = 4 * 1024 * 1024;

    private final Path workDir;
    private final Path logFile;
    private final String clusterId;
    private final int port;
    private final int controllerPort;
    private final Process process;
    private final long startupMillis;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedKafka(Path workDir, Path logFile, String clusterId, int port, int controllerPort,
                          Process process, long startupMillis) {
        this.workDir = workDir;
        this.logFile = logFile;
        this.clusterId = clusterId;
        this.port = port;
        this.controllerPort = controllerPort;
        this.process = process;
        this.startupMillis = startupMillis;
        this.shutdownHook = new Thread(this::stopChild, "embedded-kafka-stop-" + process.pid());
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
        return start(workDir, extraProperties, timeout, () -> FreePorts.pick(2));
    }

    /** As the public overload; {@code portPicker} supplies {client port, controller port} for each attempt. */
    static EmbeddedKafka start(Path workDir, Map<String, String> extraProperties, Duration timeout,
                               Supplier<int[]> portPicker) {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(extraProperties, "extraProperties");
        Objects.requireNonNull(timeout, "timeout");
        for (String key : extraProperties.keySet()) {
            if (RESERVED_PROPERTIES.contains(key)) {
                throw new IllegalArgumentException("broker property '" + key + "' is set by EmbeddedKafka and "
                        + "cannot be overridden");
            }
        }
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        Path dir = workDir.toAbsolutePath().normalize();
        Path logFile = dir.resolve("broker.log");
        Path propertiesFile = dir.resolve("server.properties");
        Path dataDir = dir.resolve("data");
        Path logbackFile = dir.resolve("logback-broker.xml");
        String clusterId;
        try {
            Files.createDirectories(dataDir);
            extractResource(LOGBACK_RESOURCE, logbackFile);
            clusterId = existingClusterId(dataDir);
        } catch (IOException e) {
            throw new StartException("could not prepare the Kafka work directory " + dir + ": " + e, e);
        }
        if (clusterId == null) {
            clusterId = Uuid.randomUuid().toString();
        }

        for (int attempt = 1; ; attempt++) {
            int[] ports = portPicker.get();
            int port = ports[0];
            int controllerPort = ports[1];
            Process process;
            long logOffset;
            try {
                writeProperties(propertiesFile, brokerProperties(port, controllerPort, dataDir, extraProperties));
                logOffset = Files.exists(logFile) ? Files.size(logFile) : 0L;
                ChildJvm jvm = ChildJvm.of(KafkaBrokerMain.class);
                BROKER_JVM_OPTIONS.forEach(jvm::jvmArg);
                process = jvm
                        .jvmArg("-Dlogback.configurationFile=" + logbackFile)
                        .workDir(dir)
                        .stdout(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .stderr(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .args(List.of(propertiesFile.toString(), clusterId))
                        .start();
            } catch (IOException e) {
                throw new StartException("could not start the Kafka broker JVM in " + dir + ": " + e
                        + ". Broker log: " + logFile, e);
            }
            closeQuietly(process);
            try {
                awaitReady(process, port, clusterId, deadline);
            } catch (ChildExited e) {
                String attemptLog = readSince(logFile, logOffset);
                boolean bindFailure = isBindFailure(attemptLog);
                if (attempt < BIND_ATTEMPTS && bindFailure) {
                    continue; // a port was taken between choosing and binding: choose again
                }
                String what = e.exitCode == KafkaBrokerMain.EXIT_FORMAT_FAILED
                        ? "formatting the KRaft storage in " + dataDir + " failed (the format step also validates "
                        + propertiesFile + ")"
                        : bindFailure
                        ? "the broker could not bind 127.0.0.1:" + port + " or 127.0.0.1:" + controllerPort
                        + " (port taken; " + attempt + " attempt(s) with fresh ports)"
                        : "the broker exited during startup";
                throw new StartException("Kafka failed to start: " + what + " (child pid " + process.pid()
                        + ", exit code " + e.exitCode + "). Broker log: " + logFile + describeLog(attemptLog));
            } catch (TimeoutException e) {
                stopProcess(process, Duration.ofSeconds(5));
                throw new StartException("Kafka was not ready within " + timeout.toMillis() / 1000.0 + " s (bootstrap "
                        + HOST + ":" + port + ", child pid " + process.pid() + ", now stopped). Broker log: "
                        + logFile + describeLog(readSince(logFile, logOffset)));
            } catch (RuntimeException | Error e) {
                stopProcess(process, Duration.ofSeconds(5));
                throw new StartException("Kafka failed to start: " + e + ". Broker log: " + logFile, e);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            EmbeddedKafka kafka = new EmbeddedKafka(dir, logFile, clusterId, port, controllerPort, process, millis);
            try {
                Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
            } catch (IllegalStateException jvmShuttingDown) {
                stopProcess(process, Duration.ofSeconds(5));
                throw new StartException("Kafka was started while this JVM shuts down; stopped it again. Broker log: "
                        + logFile, jvmShuttingDown);
            }
            return kafka;
        }
    }

    /** {@code "127.0.0.1:<port>"} of the PLAINTEXT listener. */
    public String bootstrap() {
        return HOST + ":" + port;
    }

    /** Port of the PLAINTEXT listener (clients). */
    public int port() {
        return port;
    }

    /** Port of the CONTROLLER listener (KRaft quorum; clients never use it). */
    public int controllerPort() {
        return controllerPort;
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
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops the broker: SIGTERM (Kafka shuts down cleanly), after {@link #STOP_TIMEOUT} SIGKILL. Idempotent; the
     * work directory is left in place.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to run; stopping twice is harmless
        }
        stopChild();
    }

    private void stopChild() {
        stopProcess(process, STOP_TIMEOUT);
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrap() + ", pid " + process.pid() + ", " + workDir + "]";
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * The broker's configuration: KRaft combined mode with a static single-voter quorum, everything on 127.0.0.1,
     * replication factors 1, internal topics with 10 partitions (instead of 50: the first consumer group and the
     * first transaction are ready sooner), no rebalance delay, no auto-created topics; then {@code extra}.
     */
    static Map<String, String> brokerProperties(int port, int controllerPort, Path dataDir,
                                                Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.putAll(extra);
        return p;
    }

    private static void writeProperties(Path file, Map<String, String> properties) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# written by kafkasim EmbeddedKafka; rewritten at every start\n");
            for (Map.Entry<String, String> e : properties.entrySet()) {
                w.write(escape(e.getKey()) + "=" + escape(e.getValue()) + "\n");
            }
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static void extractResource(String resource, Path target) throws IOException {
        try (InputStream in = EmbeddedKafka.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " is missing from the classpath");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The cluster id of an already formatted data directory, else null. */
    private static String existingClusterId(Path dataDir) throws IOException {
        Path meta = dataDir.resolve("meta.properties");
        if (!Files.exists(meta)) {
            return null;
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            props.load(in);
        }
        String id = props.getProperty("cluster.id");
        return id == null || id.isBlank() ? null : id;
    }

    private static void awaitReady(Process process, int port, String clusterId, long deadline)
            throws ChildExited, TimeoutException {
        // 0) a cold Admin client costs ~0.8 s of class loading: pay it while the broker JVM boots
        Thread warmUp = new Thread(EmbeddedKafka::warmUpClient, "embedded-kafka-client-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        // 1) wait until the listener accepts TCP connections (cheap, and no client warnings while it does not);
        //    the broker binds its client listener only once it has been unfenced, at the very end of its startup
        InetSocketAddress address = new InetSocketAddress(loopback(), port);
        while (true) {
            checkAlive(process);
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException();
            }
            try (Socket socket = new Socket()) {
                socket.connect(address, 200);
                break;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        // 2) the broker answers requests only after it has registered with the controller and been unfenced
        Admin admin = Admin.create(probeConfig(port));
        try {
            while (true) {
                checkAlive(process);
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new TimeoutException();
                }
                int callMs = (int) Math.min(remainingMs, 2000);
                try {
                    DescribeClusterResult cluster =
                            admin.describeCluster(new DescribeClusterOptions().timeoutMs(callMs));
                    Collection<Node> nodes = await(cluster.nodes(), process, callMs + 500L);
                    // a foreign server that took our port between choosing and binding is not our broker
                    String answeringCluster = await(cluster.clusterId(), process, callMs + 500L);
                    if (!nodes.isEmpty() && clusterId.equals(answeringCluster)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    // retry until the deadline
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                }
                sleep(100);
            }
        } finally {
            admin.close(Duration.ZERO); // abandon calls still in flight (e.g. to a foreign server on our port)
        }
    }

    /** {@code future.get()}, but gives up as soon as the broker process is gone. */
    private static <T> T await(KafkaFuture<T> future, Process process, long timeoutMs)
            throws ChildExited, ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            try {
                return future.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException slice) {
                checkAlive(process);
                if (System.nanoTime() - deadline > 0) {
                    throw slice;
                }
            }
        }
    }

    private static Map<String, Object> probeConfig(int port) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + port);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafkasim-embedded-kafka-probe");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return config;
    }

    /**
     * Loads and exercises the Admin client's classes against a silent local socket (it accepts the connection and
     * reads the first request but never answers), so the real probe later runs warm. Best effort: any failure is
     * ignored. The client is closed before the socket, so it logs no disconnect warning.
     */
    private static void warmUpClient() {
        try (ServerSocket silent = new ServerSocket(0, 5, loopback())) {
            silent.setSoTimeout(3000);
            Map<String, Object> config = probeConfig(silent.getLocalPort());
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafkasim-embedded-kafka-warm-up");
            Admin admin = Admin.create(config);
            try (Socket connection = silent.accept()) {
                connection.setSoTimeout(3000);
                connection.getInputStream().read(new byte[4]); // the client has serialized and sent a request
                admin.close(Duration.ZERO);
            } finally {
                admin.close(Duration.ZERO);
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName(HOST);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkAlive(Process process) throws ChildExited {
        if (!process.isAlive()) {
            throw new ChildExited(process.exitValue());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    private static boolean isBindFailure(String logTail) {
        return logTail.contains("Address already in use") || logTail.contains("failed to bind");
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close(); // the broker reads no stdin
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    static void stopProcess(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** What the broker log says, for an exception message: its first error and its last lines. */
    static String describeLog(String log) {
        String firstError = firstError(log);
        return (firstError.isEmpty() ? "" : "\nfirst error:\n  " + firstError) + "\nlast lines:\n" + tail(log);
    }

    /** The broker log written since {@code fromOffset} (at most its last {@value #MAX_LOG_READ} bytes). */
    static String readSince(Path logFile, long fromOffset) {
        try (RandomAccessFile f = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = f.length();
            long start = Math.max(0, fromOffset) > length ? 0 : Math.max(0, fromOffset);
            start = Math.max(start, length - MAX_LOG_READ);
            byte[] bytes = new byte[(int) (length - start)];
            f.seek(start);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + logFile + ": " + e + ")";
        }
    }

    /** The last {@value #LOG_TAIL_LINES} lines of {@code log}, indented. */
    static String tail(String log) {
        List<String> lines = log.lines().collect(Collectors.toList());
        List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
        return last.isEmpty() ? "  (the broker log is empty)" : "  " + String.join("\n  ", last);
    }

    /** The first ERROR/FATAL line (or failure line of {@link KafkaBrokerMain}) and the line after it, else "". */
    static String firstError(String log) {
        List<String> lines = log.lines().collect(Collectors.toList());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.contains(" ERROR ") || line.contains(" FATAL ")
                    || line.startsWith(KafkaBrokerMain.MARKER) && line.contains("failed")) {
                return i + 1 < lines.size() ? line + "\n  " + lines.get(i + 1) : line;
            }
        }
        return "";
    }

    /** Kafka could not be started; the message says what failed and where the broker log is. */
    public static final class StartException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StartException(String message) {
            super(message);
        }

        public StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class ChildExited extends Exception {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        ChildExited(int exitCode) {
            super(null, null, false, false);
            this.exitCode = exitCode;
        }
    }
}
