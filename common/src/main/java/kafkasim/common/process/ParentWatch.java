package kafkasim.common.process;

import java.time.Duration;
import java.util.Optional;

/**
 * Makes a child process exit when the process that started it is gone, so that no kafkasim process outlives its
 * parent (a {@code kill -9} of the orchestrator leaves nothing running). Java has no portable PR_SET_PDEATHSIG,
 * so a daemon thread polls the parent's handle; the parent pid comes from {@link #PARENT_PID_PROPERTY}.
 */
public final class ParentWatch {
    /** System property carrying the parent's pid into the child (set by the generator's ChildJvm). */
    public static final String PARENT_PID_PROPERTY = "kafkasim.parentPid";
    /** How often the parent is checked; bounds how long an orphan lives. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    /** After the parent is gone, shutdown hooks get this long before the JVM halts regardless. */
    public static final Duration EXIT_GRACE = Duration.ofSeconds(3);

    private ParentWatch() {
    }

    /**
     * Starts watching the parent named by the system property (or, if absent, the current OS parent). When it
     * disappears, {@code System.exit(exitCode)} runs the shutdown hooks; a watchdog halts the JVM after
     * {@link #EXIT_GRACE} in case a hook hangs.
     */
    public static void start(int exitCode) {
        Optional<ProcessHandle> parent = Optional.ofNullable(System.getProperty(PARENT_PID_PROPERTY))
                .map(Long::parseLong)
                .flatMap(ProcessHandle::of)
                .or(() -> ProcessHandle.current().parent());
        if (parent.isEmpty()) {
            // the parent died before we looked: nothing to serve
            Runtime.getRuntime().halt(exitCode);
            return;
        }
        ProcessHandle watched = parent.get();
        Thread watcher = new Thread(() -> watch(watched, exitCode), "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void watch(ProcessHandle parent, int exitCode) {
        while (parent.isAlive()) {
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(EXIT_GRACE.toMillis());
            } catch (InterruptedException ignored) {
                // halt anyway
            }
            Runtime.getRuntime().halt(exitCode);
        }, "parent-watch-halt");
        halter.setDaemon(true);
        halter.start();
        System.exit(exitCode);
    }
}
