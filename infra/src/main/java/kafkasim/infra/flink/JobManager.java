package kafkasim.infra.flink;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import kafkasim.infra.StartException;
import kafkasim.infra.launch.ServerLauncher;

/**
 * The cluster's JobManager JVM and its supervision: a fault kills it, {@link #restart} starts a new one on the
 * same configuration (its RPC, blob and REST ports). Every JobManager started stays listed, for CPU accounting
 * across a restart. Thread-safe.
 */
final class JobManager {
    private final FlinkJvms jvms;
    private final Path log;
    private final Path out;
    private final List<Process> all = new ArrayList<>(); // guarded by this
    private volatile Process current;
    private volatile long logOffset;
    private volatile long outOffset;

    JobManager(FlinkJvms jvms, FlinkDirs dirs) {
        this.jvms = jvms;
        this.log = dirs.logDir().resolve("jobmanager.log");
        this.out = dirs.logDir().resolve("jobmanager.out");
    }

    /** Starts a JobManager JVM, without waiting for it; it becomes {@link #current()}. */
    synchronized void launch() throws IOException {
        logOffset = FlinkLogs.size(log);
        outOffset = FlinkLogs.size(out);
        current = jvms.jobManager(log, out);
        all.add(current);
    }

    /** The JobManager launched last; null before the first launch. */
    Process current() {
        return current;
    }

    synchronized List<ProcessHandle> processes() {
        return all.stream().map(Process::toHandle).collect(Collectors.toUnmodifiableList());
    }

    /** Its logs since the last launch, for a message. */
    String describeLogs() {
        return FlinkLogs.describe(log, logOffset) + FlinkLogs.describe(out, outOffset);
    }

    /**
     * SIGKILL (a crash, for fault tests) and waits until it is gone.
     *
     * @return the killed JobManager's pid
     */
    long kill() {
        Process old = current;
        old.destroyForcibly();
        try {
            if (!old.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the JobManager (pid " + old.pid() + ") survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the JobManager to die", e);
        }
        return old.pid();
    }

    /**
     * Launches a new JobManager ({@code relaunch}: checks the cluster is open, then {@link #launch()}) and waits
     * until {@code ready} (every running TaskManager registered) or {@code timeout}. A port still held by the dead
     * JVM's sockets is retried a second later: the ports are the cluster's, they cannot change.
     *
     * @param logs the cluster's logs since the launches, for a message
     * @return the new JobManager's pid
     * @throws StartException if it exits or is not ready in time (the logs' tails in the message)
     */
    long restart(Runnable relaunch, BooleanSupplier ready, Supplier<String> logs, Path logDir, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            relaunch.run();
            Process started = current;
            while (started.isAlive() && !ready.getAsBoolean()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new StartException("the restarted JobManager (pid " + started.pid() + ") was not ready"
                            + " with every running TaskManager within " + timeout.toSeconds() + " s. Logs in "
                            + logDir + logs.get());
                }
                FlinkLogs.sleep(100);
            }
            if (started.isAlive()) {
                return started.pid();
            }
            String described = logs.get();
            if (attempt >= ServerLauncher.BIND_ATTEMPTS || !FlinkLogs.isBindFailure(described)
                    || System.nanoTime() - deadline > 0) {
                throw new StartException("the restarted JobManager (pid " + started.pid() + ") exited with code "
                        + started.exitValue() + ". Logs in " + logDir + described);
            }
            FlinkLogs.sleep(1000); // a port of the dead JobManager is not free yet
        }
    }
}
