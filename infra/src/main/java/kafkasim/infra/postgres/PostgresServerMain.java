package kafkasim.infra.postgres;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import kafkasim.common.process.ParentWatch;

/**
 * Main class of the small watcher JVM that {@link EmbeddedPostgres} starts: it runs the {@code postgres} server as
 * its own child and ties the server's life to its parent's.
 *
 * <ul>
 *   <li>The parent (the JVM that called {@link EmbeddedPostgres#start}) disappears, even by {@code kill -9}:
 *       {@link ParentWatch} exits this JVM, whose shutdown hook stops postgres.</li>
 *   <li>This JVM is told to stop (SIGTERM from {@link EmbeddedPostgres#close()}): the same shutdown hook.</li>
 *   <li>This JVM is killed with SIGKILL: the kernel sends postgres SIGINT ({@code setpriv --pdeathsig=INT}, when
 *       setpriv is available).</li>
 *   <li>postgres dies on its own: this JVM exits with {@value #EXIT_SERVER_DIED}.</li>
 * </ul>
 *
 * <p>Stopping means SIGINT ("fast" shutdown: open transactions are rolled back and clients disconnected; SIGTERM
 * would be "smart" shutdown, which waits for every client to leave), then SIGKILL after {@link #STOP_GRACE_MILLIS}
 * (kept below {@link ParentWatch#EXIT_GRACE}, after which the JVM halts regardless).
 *
 * <p>Usage: {@code PostgresServerMain COMMAND...} (the full postgres command line, user switch included). Its
 * stdout and stderr are postgres's; lines of this class start with {@value #MARKER}.
 */
public final class PostgresServerMain {
    public static final int EXIT_ORPHANED = 3;
    public static final int EXIT_USAGE = 64;
    /** postgres could not be launched. */
    public static final int EXIT_LAUNCH_FAILED = 65;
    /** postgres exited without being asked to. */
    public static final int EXIT_SERVER_DIED = 70;
    static final String MARKER = "[kafkasim] ";
    static final String SERVER_PID = MARKER + "postgres pid ";
    static final long STOP_GRACE_MILLIS = 2_000;

    private static volatile boolean stopping;

    private PostgresServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // first thing: never outlive the process that started us
        ParentWatch.start(EXIT_ORPHANED);
        if (args.length == 0) {
            System.err.println(MARKER + "usage: PostgresServerMain COMMAND...");
            System.exit(EXIT_USAGE);
        }
        List<String> command = Arrays.asList(args);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        scrubEnvironment(pb.environment());
        Process server;
        // This (the main) thread starts postgres and then waits for it until the JVM ends: the parent-death signal
        // belongs to the thread that forked, so it must outlive postgres.
        try {
            server = pb.start();
        } catch (IOException e) {
            System.err.println(MARKER + "could not launch " + String.join(" ", command) + ": " + e);
            System.exit(EXIT_LAUNCH_FAILED);
            return;
        }
        System.out.println(MARKER + "watcher JVM pid " + ProcessHandle.current().pid() + " (up in "
                + ManagementFactory.getRuntimeMXBean().getUptime() + " ms) launched postgres");
        System.out.println(SERVER_PID + server.pid());
        System.out.flush();
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopping = true;
                stop(server);
            }, "postgres-stop"));
        } catch (IllegalStateException shuttingDown) {
            stop(server);
            return;
        }
        int rc = server.waitFor();
        if (!stopping) {
            System.err.println(MARKER + "postgres (pid " + server.pid() + ") exited on its own with code " + rc);
            System.err.flush();
            System.exit(EXIT_SERVER_DIED);
        }
    }

    /** Removes libpq/server environment variables (PGDATA, PGPORT, PGOPTIONS, …) that could change behaviour. */
    static void scrubEnvironment(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("PG"));
        env.put("LC_ALL", "C");
    }

    /** SIGINT to the postmaster, then SIGKILL to it and its children if it has not exited in time. */
    static void stop(Process launched) {
        if (!launched.isAlive()) {
            return;
        }
        ProcessHandle postmaster = postmaster(launched.toHandle());
        List<ProcessHandle> family = new ArrayList<>();
        family.add(launched.toHandle());
        launched.toHandle().descendants().forEach(family::add);
        if (!signal(postmaster.pid(), "INT")) {
            postmaster.destroy(); // SIGTERM: "smart" shutdown; the SIGKILL below bounds it
        }
        try {
            postmaster.onExit().get(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception notInTime) {
            System.err.println(MARKER + "postgres did not stop within " + STOP_GRACE_MILLIS + " ms of SIGINT; SIGKILL");
            family.forEach(ProcessHandle::destroyForcibly);
        }
        try {
            if (!launched.waitFor(500, TimeUnit.MILLISECONDS)) {
                family.forEach(ProcessHandle::destroyForcibly);
                launched.waitFor(500, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            family.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
        System.out.println(MARKER + "postgres stopped");
        System.out.flush();
    }

    /**
     * The postmaster: the launched process itself (setpriv and a direct launch exec postgres), or, under runuser,
     * its child.
     */
    static ProcessHandle postmaster(ProcessHandle launched) {
        if (isPostgres(launched)) {
            return launched;
        }
        Optional<ProcessHandle> child = launched.children().filter(PostgresServerMain::isPostgres).findFirst();
        return child.orElse(launched);
    }

    private static boolean isPostgres(ProcessHandle h) {
        return h.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
    }

    /** {@code kill -SIG pid}; false if that could not be done. */
    static boolean signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return kill.waitFor(2, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
