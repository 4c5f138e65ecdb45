package kafkasim.infra.watcher;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import kafkasim.common.process.ParentWatch;

/**
 * Main class of the small watcher JVM that runs a native server (PostgreSQL, Mosquitto) as its own child and ties
 * the server's life to its parent's; started by {@link NativeServerWatcher#start}.
 *
 * <ul>
 *   <li>The parent (the JVM that started the watcher) disappears, even by {@code kill -9}: {@link ParentWatch}
 *       exits this JVM, whose shutdown hook stops the server.</li>
 *   <li>This JVM is told to stop (SIGTERM from the launcher's {@code close()}): the same shutdown hook.</li>
 *   <li>This JVM is killed with SIGKILL: the kernel signals the server, when the launcher put
 *       {@code setpriv --pdeathsig=SIG} before its command ({@link NativeServerWatcher#deathSignalPrefix}).</li>
 *   <li>The server dies on its own: this JVM exits with {@value #EXIT_SERVER_DIED}.</li>
 * </ul>
 *
 * <p>Stopping means the spec's stop signal, then SIGKILL to the server and its children after
 * {@link #STOP_GRACE_MILLIS} (kept below {@link ParentWatch#EXIT_GRACE}, after which the JVM halts regardless).
 *
 * <p>Usage: {@link NativeServerSpec#usage()}. Its stdout and stderr are the server's; lines of this class start with
 * {@value #MARKER}: {@code NAME pid N} once launched, {@code NAME stopped}, {@code NAME (pid N) exited on its own}.
 */
public final class NativeServerMain {
    public static final int EXIT_ORPHANED = 3;
    public static final int EXIT_USAGE = 64;
    /** The server could not be launched. */
    public static final int EXIT_LAUNCH_FAILED = 65;
    /** The server exited without being asked to. */
    public static final int EXIT_SERVER_DIED = 70;
    public static final String MARKER = "[kafkasim] ";
    static final long STOP_GRACE_MILLIS = 2_000;

    private static volatile boolean stopping;

    private NativeServerMain() {
    }

    /** The line that carries the server's pid: {@code [kafkasim] NAME pid }. */
    public static String serverPidLine(String name) {
        return MARKER + name + " pid ";
    }

    public static void main(String[] args) throws InterruptedException {
        // first thing: never outlive the process that started us
        ParentWatch.start(EXIT_ORPHANED);
        NativeServerSpec spec;
        try {
            spec = NativeServerSpec.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(MARKER + "usage: NativeServerMain " + NativeServerSpec.usage() + ": " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(spec.command())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        spec.applyTo(pb.environment());
        Process server;
        // This (the main) thread starts the server and then waits for it until the JVM ends: the parent-death
        // signal belongs to the thread that forked, so it must outlive the server.
        try {
            server = pb.start();
        } catch (IOException e) {
            System.err.println(MARKER + "could not launch " + String.join(" ", spec.command()) + ": " + e);
            System.exit(EXIT_LAUNCH_FAILED);
            return;
        }
        System.out.println(MARKER + "watcher JVM pid " + ProcessHandle.current().pid() + " (up in "
                + ManagementFactory.getRuntimeMXBean().getUptime() + " ms) launched " + spec.name());
        System.out.println(serverPidLine(spec.name()) + server.pid());
        System.out.flush();
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopping = true;
                stop(server, spec);
            }, spec.name() + "-stop"));
        } catch (IllegalStateException shuttingDown) {
            stop(server, spec);
            return;
        }
        int rc = server.waitFor();
        if (!stopping) {
            System.err.println(MARKER + spec.name() + " (pid " + server.pid() + ") exited on its own with code " + rc);
            System.err.flush();
            System.exit(EXIT_SERVER_DIED);
        }
    }

    /** The stop signal to the server, then SIGKILL to it and its children if it has not exited in time. */
    static void stop(Process launched, NativeServerSpec spec) {
        if (!launched.isAlive()) {
            return;
        }
        ProcessHandle server = server(launched.toHandle(), spec.name());
        List<ProcessHandle> family = new ArrayList<>();
        family.add(launched.toHandle());
        launched.toHandle().descendants().forEach(family::add);
        if (!signal(server.pid(), spec.stopSignal())) {
            server.destroy(); // SIGTERM; the SIGKILL below bounds it
        }
        try {
            server.onExit().get(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception notInTime) {
            System.err.println(MARKER + spec.name() + " did not stop within " + STOP_GRACE_MILLIS + " ms of SIG"
                    + spec.stopSignal() + "; SIGKILL");
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
        System.out.println(MARKER + spec.name() + " stopped");
        System.out.flush();
    }

    /**
     * The server: the launched process itself (a direct launch, or setpriv, which execs), or, under a launcher that
     * forks (runuser), its child running the program {@code name}.
     */
    static ProcessHandle server(ProcessHandle launched, String name) {
        if (runs(launched, name)) {
            return launched;
        }
        Optional<ProcessHandle> child = launched.children().filter(h -> runs(h, name)).findFirst();
        return child.orElse(launched);
    }

    private static boolean runs(ProcessHandle h, String name) {
        return h.info().command().map(c -> c.endsWith("/" + name)).orElse(false);
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
