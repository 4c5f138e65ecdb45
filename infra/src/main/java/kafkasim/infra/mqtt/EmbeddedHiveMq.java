package kafkasim.infra.mqtt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import kafkasim.infra.ChildProcesses;
import kafkasim.infra.StartException;
import kafkasim.infra.launch.ServerLauncher;
import kafkasim.infra.launch.StopOnce;

/**
 * HiveMQ Community Edition in a child JVM ({@code kafkasim.mqttbroker.HiveMqBrokerMain}) on the classpath
 * {@link HiveMqRuntime} finds. The child watches this JVM and exits when it is gone, even after {@code kill -9}.
 *
 * <p>Data directory: {@code conf/config.xml} (written at every start), {@code data/} (HiveMQ's file persistence,
 * reused by later starts), {@code extensions/} (empty) and {@code hivemq.log} (the child's stdout and stderr:
 * HiveMQ's WARN and above, kafkasim's lines). Nothing is deleted on {@link #close()}.
 */
public final class EmbeddedHiveMq implements EmbeddedMqttBroker {
    public static final String KIND = "hivemq";
    /** HiveMQ's graceful stop takes 5-6 s (its persistence shutdown); SIGKILL after this. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The broker's heap is bounded so that it cannot take what Kafka (1 GB), Flink and PostgreSQL need on a shared
     * host; HiveMQ keeps queued messages in its file persistence, the heap holds sessions, in-flight windows and
     * caches, far below this for the device counts kafkasim simulates. OOM ends the JVM: a broker that limps on
     * would distort every figure.
     */
    public static final List<String> BROKER_JVM_OPTIONS = List.of(
            "-Xms256m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError",
            "-Djava.net.preferIPv4Stack=true", "-Djava.awt.headless=true");
    /** Extra JVM flags of the broker, after {@link #BROKER_JVM_OPTIONS}. */
    public static final String JAVA_OPTS_ENV = "KAFKASIM_MQTT_BROKER_JAVA_OPTS";
    /** What HiveMQ's own start script ({@code bin/run.sh}) passes: HiveMQ is compiled for Java 11 and reaches JDK internals. */
    public static final List<String> JDK_ACCESS_OPTIONS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
    static final String MAIN_CLASS = "kafkasim.mqttbroker.HiveMqBrokerMain";

    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final Process process;
    private final Duration startTime;
    private final StopOnce stopOnce;

    private EmbeddedHiveMq(Path dataDir, Path logFile, int port, Process process, Duration startTime) {
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.port = port;
        this.process = process;
        this.startTime = startTime;
        this.stopOnce = new StopOnce("embedded-hivemq-stop-" + process.pid(),
                () -> ChildProcesses.stop(process, STOP_TIMEOUT));
    }

    /** A broker on a free port with HiveMQ's own limits. */
    public static EmbeddedHiveMq start(Path dataDir) {
        return start(dataDir, 0, MqttBrokerOptions.defaults());
    }

    /**
     * Starts HiveMQ on 127.0.0.1:{@code port} (0: a free port, retried with another if it is taken before HiveMQ
     * binds it) and waits until it prints that it accepts connections.
     *
     * @throws StartException if the runtime folder is missing (naming it and the build command), the port is taken,
     *                        or HiveMQ does not start in time (the child is then stopped); the message quotes the log
     */
    public static EmbeddedHiveMq start(Path dataDir, int port, MqttBrokerOptions options) {
        BrokerPorts.check(port); // a bad argument is refused before the machine is looked at
        HiveMqRuntime runtime;
        try {
            runtime = HiveMqRuntime.locate(); // validated by the start below
        } catch (IllegalStateException e) {
            throw new StartException("HiveMQ failed to start: " + e.getMessage(), e);
        }
        return start(dataDir, port, options, runtime);
    }

    static EmbeddedHiveMq start(Path dataDir, int port, MqttBrokerOptions options, HiveMqRuntime runtime) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(options, "options");
        BrokerPorts.check(port);
        try {
            runtime.validate();
        } catch (IllegalStateException e) {
            throw new StartException("HiveMQ failed to start: " + e.getMessage(), e);
        }
        long t0 = System.nanoTime();
        long deadline = t0 + options.startTimeout().toNanos();
        Path dir = dataDir.toAbsolutePath().normalize();
        Path logFile = dir.resolve("hivemq.log");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StartException("HiveMQ failed to start: could not create " + dir + ": " + e, e);
        }
        HiveMqLaunch launch = new HiveMqLaunch(runtime, dir, logFile, options);
        launch.prepare();
        HiveMqLaunch.Broker started = ServerLauncher.start(launch, () -> new int[] {BrokerPorts.choose(port, KIND)},
                BrokerPorts.attempts(port), deadline);
        EmbeddedHiveMq broker = new EmbeddedHiveMq(dir, logFile, started.port(), started.process(),
                Duration.ofNanos(System.nanoTime() - t0));
        broker.stopOnce.arm(launch.name(), "");
        return broker;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public List<ProcessHandle> processes() {
        return process.isAlive() ? List.of(process.toHandle()) : List.of();
    }

    @Override
    public Duration startTime() {
        return startTime;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM (HiveMQ stops and closes its persistence), SIGKILL after {@link #STOP_TIMEOUT}. Idempotent. */
    @Override
    public void close() {
        stopOnce.close();
    }

    @Override
    public String toString() {
        return "EmbeddedHiveMq[" + url() + ", pid " + process.pid() + ", " + dataDir + "]";
    }
}
