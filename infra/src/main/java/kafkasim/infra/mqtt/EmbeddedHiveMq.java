package kafkasim.infra.mqtt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafkasim.common.mqtt.HiveMqBrokerArgs;
import kafkasim.common.process.ChildJvm;
import kafkasim.common.process.JitPolicy;
import kafkasim.infra.ChildProcesses;
import kafkasim.infra.StartException;

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
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedHiveMq(Path dataDir, Path logFile, int port, Process process, Duration startTime) {
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.port = port;
        this.process = process;
        this.startTime = startTime;
        this.shutdownHook = new Thread(this::stopChild, "embedded-hivemq-stop-" + process.pid());
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
        HiveMqRuntime runtime;
        try {
            runtime = HiveMqRuntime.locate().validate();
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
        for (int attempt = 1; ; attempt++) {
            int chosenPort = BrokerPorts.choose(port, KIND);
            HiveMqBrokerArgs args = new HiveMqBrokerArgs(chosenPort, dir, options.maxInflightMessages(),
                    options.maxQueuedMessages(), options.persistence());
            long logOffset = ChildProcesses.sizeOf(logFile);
            Process process;
            try {
                process = command(runtime, dir, logFile, args).start();
            } catch (IOException e) {
                throw new StartException("HiveMQ failed to start: could not start its JVM: " + e + ". Log: " + logFile, e);
            }
            ReadyLineWatch watch = ReadyLineWatch.start(process, logFile, HiveMqBrokerArgs.readyLine(chosenPort));
            try {
                watch.ready().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException exited) {
                int rc = exitCode(process);
                if (rc == HiveMqBrokerArgs.EXIT_PORT_TAKEN && BrokerPorts.mayRetry(port, attempt)) {
                    continue; // the port was taken between choosing and binding: choose again
                }
                throw new StartException("HiveMQ failed to start: its JVM (pid " + process.pid() + ") exited with code "
                        + rc + (rc == HiveMqBrokerArgs.EXIT_PORT_TAKEN ? " (" + EmbeddedMqttBroker.HOST + ":" + chosenPort
                        + " is taken)" : "") + ". Log: " + logFile + quote(logFile, logOffset));
            } catch (TimeoutException e) {
                ChildProcesses.stop(process, STOP_TIMEOUT);
                throw new StartException("HiveMQ did not accept connections within " + options.startTimeout().toMillis()
                        + " ms (pid " + process.pid() + ", now stopped). Log: " + logFile + quote(logFile, logOffset));
            } catch (InterruptedException e) {
                ChildProcesses.stop(process, STOP_TIMEOUT);
                Thread.currentThread().interrupt();
                throw new StartException("interrupted while HiveMQ started; stopped it. Log: " + logFile, e);
            }
            EmbeddedHiveMq broker = new EmbeddedHiveMq(dir, logFile, chosenPort, process,
                    Duration.ofNanos(System.nanoTime() - t0));
            try {
                Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
            } catch (IllegalStateException jvmShuttingDown) {
                broker.stopChild();
                throw new StartException("HiveMQ was started while this JVM shuts down; stopped it again", jvmShuttingDown);
            }
            return broker;
        }
    }

    /** The broker JVM's command: HiveMQ's JDK access flags, a bounded heap, the host's JIT policy. */
    static ChildJvm command(HiveMqRuntime runtime, Path dir, Path logFile, HiveMqBrokerArgs args) {
        ChildJvm jvm = ChildJvm.of(MAIN_CLASS).classpath(runtime.classpath());
        JDK_ACCESS_OPTIONS.forEach(jvm::jvmArg);
        BROKER_JVM_OPTIONS.forEach(jvm::jvmArg);
        JitPolicy.forThisHost().forEach(jvm::jvmArg);
        // last, so they win: e.g. a larger heap for tens of thousands of device connections
        jvm.jvmArgs(System.getenv().getOrDefault(JAVA_OPTS_ENV, ""));
        return jvm.workDir(dir)
                .stdin(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .stdout(ProcessBuilder.Redirect.PIPE)
                .stderr(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .args(args.toArgs());
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
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ChildProcesses.removeShutdownHook(shutdownHook);
        stopChild();
    }

    private void stopChild() {
        ChildProcesses.stop(process, STOP_TIMEOUT);
    }

    @Override
    public String toString() {
        return "EmbeddedHiveMq[" + url() + ", pid " + process.pid() + ", " + dataDir + "]";
    }

    private static String quote(Path logFile, long offset) {
        return ChildProcesses.describeLog(ChildProcesses.readSince(logFile, offset));
    }

    private static int exitCode(Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
