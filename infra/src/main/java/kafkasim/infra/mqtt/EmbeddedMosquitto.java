package kafkasim.infra.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import kafkasim.infra.ChildProcesses;
import kafkasim.infra.StartException;
import kafkasim.infra.watcher.NativeServerSpec;
import kafkasim.infra.watcher.NativeServerWatcher;

/**
 * Debian's Mosquitto ({@code apt-get install mosquitto}) under a watcher JVM ({@code NativeServerMain}): this JVM →
 * watcher → mosquitto. The watcher exits when this JVM is gone (even after {@code kill -9}) and stops mosquitto
 * with SIGTERM on its way out (mosquitto saves its persistence then); if the watcher itself is killed, the kernel
 * sends mosquitto SIGTERM ({@code setpriv --pdeathsig}); if mosquitto dies, the watcher exits.
 *
 * <p>Data directory: {@code mosquitto.conf} (see {@link MosquittoConfig}, written at every start), {@code data/}
 * ({@code mosquitto.db}, reused by later starts), {@code mosquitto.log} (watcher and mosquitto). Nothing is deleted
 * on {@link #close()}.
 */
public final class EmbeddedMosquitto implements EmbeddedMqttBroker {
    public static final String KIND = "mosquitto";
    /** How long {@link #close()} waits for the watcher to stop mosquitto before it kills both. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    static final String PROGRAM = "mosquitto";
    /** Where Debian puts the broker (not on a normal user's PATH). */
    static final List<Path> SBIN_DIRS = List.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin"));
    private static final long MAX_POLL_MILLIS = 100;

    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final Process watcher;
    private final ProcessHandle server;
    private final Duration startTime;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedMosquitto(Path dataDir, Path logFile, int port, Process watcher, ProcessHandle server,
                              Duration startTime) {
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.port = port;
        this.watcher = watcher;
        this.server = server;
        this.startTime = startTime;
        this.shutdownHook = new Thread(this::stop, "embedded-mosquitto-stop-" + watcher.pid());
    }

    /** A broker on a free port with Mosquitto's own limits. */
    public static EmbeddedMosquitto start(Path dataDir) {
        return start(dataDir, 0, MqttBrokerOptions.defaults());
    }

    /**
     * Starts mosquitto on 127.0.0.1:{@code port} (0: a free port, retried with another if it is taken before
     * mosquitto binds it) and waits until it accepts TCP connections.
     *
     * @throws StartException if mosquitto is not installed (naming the package), the port is taken, or it does not
     *                        accept connections in time (it is then stopped); the message quotes its log
     */
    public static EmbeddedMosquitto start(Path dataDir, int port, MqttBrokerOptions options) {
        return start(dataDir, port, options, findBinary(System.getenv().getOrDefault("PATH", "")));
    }

    static EmbeddedMosquitto start(Path dataDir, int port, MqttBrokerOptions options, Path binary) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(options, "options");
        BrokerPorts.check(port);
        long t0 = System.nanoTime();
        long deadline = t0 + options.startTimeout().toNanos();
        Path dir = dataDir.toAbsolutePath().normalize();
        Path logFile = dir.resolve("mosquitto.log");
        Path confFile = dir.resolve("mosquitto.conf");
        Path persistenceDir = dir.resolve("data");
        try {
            Files.createDirectories(persistenceDir);
        } catch (IOException e) {
            throw new StartException("Mosquitto failed to start: could not create " + persistenceDir + ": " + e, e);
        }
        for (int attempt = 1; ; attempt++) {
            int chosenPort = BrokerPorts.choose(port, KIND);
            MosquittoConfig config = new MosquittoConfig(chosenPort, persistenceDir, System.getProperty("user.name"),
                    options.maxQueuedMessages(), options.maxInflightMessages(), options.persistence());
            List<String> command = new ArrayList<>(NativeServerWatcher.deathSignalPrefix("TERM"));
            command.addAll(List.of(binary.toString(), "-c", confFile.toString()));
            long logOffset = ChildProcesses.sizeOf(logFile);
            Process watcher;
            try {
                Files.writeString(confFile, config.text(), StandardCharsets.UTF_8);
                watcher = NativeServerWatcher.start(new NativeServerSpec(PROGRAM, "TERM", "", Map.of(), command), dir,
                        logFile);
            } catch (IOException e) {
                throw new StartException("Mosquitto failed to start in " + dir + ": " + e + ". Log: " + logFile, e);
            }
            Optional<ProcessHandle> server = awaitListening(watcher, chosenPort, deadline);
            if (server.isPresent()) {
                EmbeddedMosquitto broker = new EmbeddedMosquitto(dir, logFile, chosenPort, watcher, server.get(),
                        Duration.ofNanos(System.nanoTime() - t0));
                try {
                    Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
                } catch (IllegalStateException jvmShuttingDown) {
                    broker.stop();
                    throw new StartException("Mosquitto was started while this JVM shuts down; stopped it again",
                            jvmShuttingDown);
                }
                return broker;
            }
            boolean exited = !watcher.isAlive();
            NativeServerWatcher.stop(watcher, NativeServerWatcher.serverProcess(watcher, PROGRAM), STOP_TIMEOUT);
            String log = ChildProcesses.readSince(logFile, logOffset);
            boolean portTaken = log.contains("Address already in use");
            if (portTaken && BrokerPorts.mayRetry(port, attempt)) {
                continue; // the port was taken between choosing and binding: choose again
            }
            String what = !exited ? "it did not accept connections on " + HOST + ":" + chosenPort + " within "
                    + options.startTimeout().toMillis() + " ms (now stopped)"
                    : portTaken ? HOST + ":" + chosenPort + " is taken" : "it exited";
            throw new StartException("Mosquitto failed to start: " + what + " (" + String.join(" ", command)
                    + "). Log: " + logFile + ChildProcesses.describeLog(log));
        }
    }

    /**
     * Waits until mosquitto accepts a TCP connection on {@code port} while it runs under the watcher (it prints no
     * reliable ready line, so the socket is polled, 5 ms growing to {@value #MAX_POLL_MILLIS} ms apart). Empty if
     * the watcher exited or the deadline passed.
     */
    private static Optional<ProcessHandle> awaitListening(Process watcher, int port, long deadline) {
        long pauseMillis = 5;
        while (watcher.isAlive() && System.nanoTime() - deadline < 0) {
            Optional<ProcessHandle> server = NativeServerWatcher.serverProcess(watcher, PROGRAM);
            if (server.isPresent() && accepts(port) && server.get().isAlive()) {
                return server;
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pauseMillis = Math.min(MAX_POLL_MILLIS, pauseMillis * 2);
        }
        return Optional.empty();
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The mosquitto binary: on {@code path} (a PATH value) or in {@link #SBIN_DIRS} (tests pass other folders).
     *
     * @throws StartException naming the Debian package if there is none
     */
    static Path findBinary(String path) {
        return findBinary(path, SBIN_DIRS);
    }

    static Path findBinary(String path, List<Path> sbinDirs) {
        Stream<Path> dirs = Stream.concat(Stream.of(path.split(":")).filter(d -> !d.isEmpty()).map(Path::of),
                sbinDirs.stream());
        return dirs.map(d -> d.resolve(PROGRAM)).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new StartException("Mosquitto is not installed: no executable '" + PROGRAM
                        + "' on the PATH or in " + sbinDirs + "; install it with `apt-get install mosquitto`"));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int port() {
        return port;
    }

    /** Pid of mosquitto itself (not of its watcher JVM). */
    @Override
    public long pid() {
        return server.pid();
    }

    /** The watcher JVM and mosquitto. */
    @Override
    public List<ProcessHandle> processes() {
        ProcessHandle root = watcher.toHandle();
        if (!root.isAlive()) {
            return server.isAlive() ? List.of(server) : List.of();
        }
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return tree;
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

    /** Mosquitto runs (its watcher exits when it dies). */
    @Override
    public boolean isAlive() {
        return server.isAlive() && watcher.isAlive();
    }

    /**
     * SIGTERM to the watcher, which stops mosquitto with SIGTERM (it saves {@code mosquitto.db}) and exits; after
     * {@link #STOP_TIMEOUT} both are killed. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ChildProcesses.removeShutdownHook(shutdownHook);
        stop();
    }

    private void stop() {
        NativeServerWatcher.stop(watcher, Optional.of(server), STOP_TIMEOUT);
    }

    @Override
    public String toString() {
        return "EmbeddedMosquitto[" + url() + ", pid " + server.pid() + ", watcher pid " + watcher.pid() + ", "
                + dataDir + "]";
    }
}
