package kafkasim.infra.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import kafkasim.infra.ChildProcesses;
import kafkasim.infra.StartException;
import kafkasim.infra.launch.ServerLauncher;
import kafkasim.infra.launch.StopOnce;
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

    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final Process watcher;
    private final ProcessHandle server;
    private final Duration startTime;
    private final StopOnce stopOnce;

    private EmbeddedMosquitto(Path dataDir, Path logFile, MosquittoLaunch.Broker broker, Duration startTime) {
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.port = broker.port;
        this.watcher = broker.watcher;
        this.server = broker.server;
        this.startTime = startTime;
        this.stopOnce = new StopOnce("embedded-mosquitto-stop-" + watcher.pid(),
                () -> NativeServerWatcher.stop(watcher, Optional.of(server), STOP_TIMEOUT));
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
        BrokerPorts.check(port); // a bad argument is refused before the machine is looked at
        return start(dataDir, port, options, findBinary(System.getenv().getOrDefault("PATH", "")));
    }

    static EmbeddedMosquitto start(Path dataDir, int port, MqttBrokerOptions options, Path binary) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(options, "options");
        BrokerPorts.check(port);
        long t0 = System.nanoTime();
        long deadline = t0 + options.startTimeout().toNanos();
        Path dir = dataDir.toAbsolutePath().normalize();
        MosquittoLaunch launch = new MosquittoLaunch(binary, dir, options);
        launch.prepare();
        MosquittoLaunch.Broker started = ServerLauncher.start(launch, () -> new int[] {BrokerPorts.choose(port, KIND)},
                BrokerPorts.attempts(port), deadline);
        EmbeddedMosquitto broker = new EmbeddedMosquitto(dir, launch.logFile(), started,
                Duration.ofNanos(System.nanoTime() - t0));
        broker.stopOnce.arm(launch.name(), "");
        return broker;
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
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
        if (!watcher.isAlive()) {
            return server.isAlive() ? List.of(server) : List.of();
        }
        return ChildProcesses.tree(watcher.toHandle());
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
    public void close() {
        stopOnce.close();
    }

    @Override
    public String toString() {
        return "EmbeddedMosquitto[" + url() + ", pid " + server.pid() + ", watcher pid " + watcher.pid() + ", "
                + dataDir + "]";
    }
}
