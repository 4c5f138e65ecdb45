package kafkasim.infra.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import kafkasim.infra.ChildProcesses;
import kafkasim.infra.StartException;
import kafkasim.infra.launch.ChildServer;
import kafkasim.infra.launch.FailedAttempt;
import kafkasim.infra.launch.Readiness;
import kafkasim.infra.watcher.NativeServerMain;
import kafkasim.infra.watcher.NativeServerSpec;
import kafkasim.infra.watcher.NativeServerWatcher;

/**
 * What is PostgreSQL's own in its start: {@code postgres} on one port under its watcher JVM, ready as
 * {@link PostgresReadiness} says, a bind failure told by its log or by a foreign server on its port.
 */
final class PostgresLaunch implements ChildServer<PostgresLaunch.Server> {
    /**
     * Environment of initdb and postgres: libpq/server variables (PGDATA, PGPORT, PGOPTIONS, …) that could change
     * their behaviour are removed, the locale is C.
     */
    static final String SCRUBBED_ENV_PREFIX = "PG";
    static final Map<String, String> SERVER_ENV = Map.of("LC_ALL", "C");
    private static final String SERVER_PID_LINE = NativeServerMain.serverPidLine("postgres");

    /** One attempt: the watcher JVM, postgres's command and port; {@code logOffset}: where its log lines begin. */
    record Server(int port, List<String> command, Process watcher, long logOffset) {
    }

    private final RunAs runAs;
    private final PostgresBinaries.Installation binaries;
    private final PostgresWorkDir work;
    private final Map<String, String> settings;

    PostgresLaunch(RunAs runAs, PostgresBinaries.Installation binaries, PostgresWorkDir work,
                   Map<String, String> settings) {
        this.runAs = runAs;
        this.binaries = binaries;
        this.work = work;
        this.settings = settings;
    }

    /** {@code postgres} server command; {@code socketDir} null means no Unix socket. */
    static List<String> serverCommand(RunAs runAs, Path installDir, Path dataDir, int port, Path socketDir,
                                      Map<String, String> settings) {
        List<String> program = new ArrayList<>(List.of(
                installDir.resolve("bin/postgres").toString(),
                "-D", dataDir.toString(),
                "-p", Integer.toString(port),
                "-c", "listen_addresses=" + EmbeddedPostgres.HOST,
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

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public String logHint() {
        return ". Log: " + work.logFile();
    }

    @Override
    public Server launch(int[] ports) throws IOException {
        List<String> command = serverCommand(runAs, binaries.dir(), work.dataDir(), ports[0], work.sockDir(), settings);
        long logOffset = ChildProcesses.sizeOf(work.logFile());
        Process watcher = NativeServerWatcher.start(watcherSpec(command), work.dir(), work.logFile());
        return new Server(ports[0], command, watcher, logOffset);
    }

    @Override
    public StartException launchFailed(IOException e) {
        return new StartException("PostgreSQL failed to start: could not start the watcher JVM in " + work.dir()
                + ": " + e + logHint(), e);
    }

    @Override
    public Readiness awaitReady(Server server, long deadlineNanos) {
        return PostgresReadiness.await(server.watcher(), server.port(), work.dataDir(), deadlineNanos);
    }

    @Override
    public FailedAttempt end(Server server, Readiness readiness, int attempt) {
        String attemptLog = ChildProcesses.readSince(work.logFile(), server.logOffset());
        boolean portTaken = !server.watcher().isAlive() && PostgresLog.isBindFailure(attemptLog)
                || readiness.detail().startsWith(PostgresReadiness.FOREIGN_SERVER);
        stop(server);
        String what = portTaken ? "it could not bind " + EmbeddedPostgres.HOST + ":" + server.port() + " (port taken; "
                + attempt + " attempts with fresh ports)" : readiness.detail();
        return new FailedAttempt(portTaken, "PostgreSQL failed to start: " + what + " (data directory "
                + work.dataDir() + "; command " + String.join(" ", server.command()) + ")" + logHint()
                + PostgresLog.describe(attemptLog));
    }

    @Override
    public void stop(Server server) {
        stopWatcher(server.watcher(), -1, null);
    }

    /**
     * SIGTERM to the watcher (its shutdown hook stops postgres), SIGKILL after {@link EmbeddedPostgres#STOP_TIMEOUT};
     * then makes sure the postmaster (if known: {@code serverPid} > 0, started at {@code serverStart}) is gone too.
     */
    static void stopWatcher(Process watcher, long serverPid, Instant serverStart) {
        Optional<ProcessHandle> server = serverPid <= 0 ? Optional.empty() : ProcessHandle.of(serverPid)
                .filter(h -> serverStart == null || serverStart.equals(h.info().startInstant().orElse(null)));
        NativeServerWatcher.stop(watcher, server, EmbeddedPostgres.STOP_TIMEOUT);
    }

    /** The postmaster pid: line 1 of {@code postmaster.pid}, or the watcher's log line; -1 if neither is readable. */
    long readServerPid(Server server) {
        try {
            List<String> lines = Files.readAllLines(work.dataDir().resolve("postmaster.pid"));
            if (!lines.isEmpty()) {
                return Long.parseLong(lines.get(0).trim());
            }
        } catch (IOException | RuntimeException ignored) {
            // fall back to the log
        }
        for (String line : ChildProcesses.readSince(work.logFile(), server.logOffset()).lines()
                .collect(Collectors.toList())) {
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
}
