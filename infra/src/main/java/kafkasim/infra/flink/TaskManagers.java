package kafkasim.infra.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import kafkasim.infra.StartException;

/**
 * The cluster's TaskManagers, numbered in start order (replacements get new numbers; killed ones stay listed for
 * CPU accounting). Thread-safe.
 */
final class TaskManagers {
    private static final Duration POLL_REQUEST_TIMEOUT = Duration.ofSeconds(2);

    /** One TaskManager JVM; {@code logOffset}/{@code outOffset}: where its lines begin in its logs. */
    static final class TaskManager {
        final int index;
        final String resourceId;
        final int rpcPort;
        final int dataPort;
        final Process process;
        final Path log;
        final Path out;
        final Path tmpDir;
        final long logOffset;
        final long outOffset;
        volatile boolean killed; // killed on purpose, or given up at its start: its exit is no failure

        TaskManager(int index, int rpcPort, int dataPort, Process process, Path log, Path out, Path tmpDir,
                    long logOffset, long outOffset) {
            this.index = index;
            this.resourceId = "taskmanager-" + index;
            this.rpcPort = rpcPort;
            this.dataPort = dataPort;
            this.process = process;
            this.log = log;
            this.out = out;
            this.tmpDir = tmpDir;
            this.logOffset = logOffset;
            this.outOffset = outOffset;
        }

        /** Its logs since its launch, for a message. */
        String describeLogs() {
            return FlinkLogs.describe(log, logOffset) + FlinkLogs.describe(out, outOffset);
        }

        @Override
        public String toString() {
            return resourceId + "[pid " + process.pid() + ", rpc " + rpcPort + ", data " + dataPort + "]";
        }
    }

    private final FlinkJvms jvms;
    private final FlinkDirs dirs;
    private final List<TaskManager> all = new ArrayList<>(); // guarded by this

    TaskManagers(FlinkJvms jvms, FlinkDirs dirs) {
        this.jvms = jvms;
        this.dirs = dirs;
    }

    /** Starts TaskManager number {@code size()} on the two given ports (rpc, data), without waiting for it. */
    synchronized TaskManager launch(int[] ports) throws IOException {
        int index = all.size();
        String name = "taskmanager-" + index;
        Path log = dirs.logDir().resolve(name + ".log");
        Path out = dirs.logDir().resolve(name + ".out");
        Path tmp = dirs.tmpDir().resolve(name);
        Files.createDirectories(tmp);
        long logOffset = FlinkLogs.size(log);
        long outOffset = FlinkLogs.size(out);
        Process process = jvms.taskManager(name, ports[0], ports[1], log, out, tmp);
        TaskManager tm = new TaskManager(index, ports[0], ports[1], process, log, out, tmp, logOffset, outOffset);
        all.add(tm);
        return tm;
    }

    /**
     * Waits up to {@code timeout} until the JobManager lists {@code tm}.
     *
     * @throws StartException if it exits or does not register in time (it is stopped then)
     */
    void awaitRegistered(TaskManager tm, FlinkRestClient client, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!tm.process.isAlive()) {
                tm.killed = true;
                throw new StartException("TaskManager " + tm.index + " (pid " + tm.process.pid() + ") exited with code "
                        + tm.process.exitValue() + " during startup. Logs in " + dirs.logDir() + tm.describeLogs());
            }
            try {
                if (client.taskManagerIds(POLL_REQUEST_TIMEOUT).contains(tm.resourceId)) {
                    return;
                }
            } catch (FlinkRestException notNow) {
                // the JobManager is busy or gone; the deadline decides
            }
            if (System.nanoTime() - deadline > 0) {
                String logs = tm.describeLogs();
                tm.killed = true;
                FlinkLogs.stopProcesses(List.of(tm.process), Duration.ofSeconds(5));
                throw new StartException("TaskManager " + tm.index + " did not register within "
                        + timeout.toSeconds() + " s (it is stopped again). Logs in " + dirs.logDir() + logs);
            }
            FlinkLogs.sleep(100);
        }
    }

    /** SIGKILL to TaskManager {@code index} (a crash), then its temp folder is removed. */
    void kill(int index) {
        TaskManager tm;
        synchronized (this) {
            tm = get(index);
            tm.killed = true;
        }
        tm.process.destroyForcibly();
        try {
            tm.process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        FlinkLogs.deleteQuietly(tm.tmpDir);
    }

    /** The first TaskManager that exited though nobody killed it, if any. */
    synchronized TaskManager firstDead() {
        return all.stream().filter(tm -> !tm.killed && !tm.process.isAlive()).findFirst().orElse(null);
    }

    /** True if the REST API answers and lists every TaskManager that runs (at least one). */
    boolean allRegistered(FlinkRestClient client) {
        List<String> running;
        synchronized (this) {
            running = all.stream().filter(tm -> tm.process.isAlive()).map(tm -> tm.resourceId).toList();
        }
        try {
            return !running.isEmpty() && client.taskManagerIds(POLL_REQUEST_TIMEOUT).containsAll(running);
        } catch (FlinkRestException notYet) {
            return false; // the REST endpoint is not up yet
        }
    }

    synchronized boolean isAlive(int index) {
        return get(index).process.isAlive();
    }

    synchronized List<Long> pids() {
        return all.stream().map(tm -> tm.process.pid()).collect(Collectors.toUnmodifiableList());
    }

    synchronized List<Process> processes() {
        return all.stream().map(tm -> tm.process).collect(Collectors.toUnmodifiableList());
    }

    /** Every TaskManager's logs since its launch, for a message. */
    String describeLogs() {
        List<TaskManager> tms;
        synchronized (this) {
            tms = List.copyOf(all);
        }
        return tms.stream().map(TaskManager::describeLogs).collect(Collectors.joining());
    }

    private TaskManager get(int index) {
        if (index < 0 || index >= all.size()) {
            throw new IllegalArgumentException("no TaskManager number " + index + " (started: " + all.size() + ")");
        }
        return all.get(index);
    }
}
