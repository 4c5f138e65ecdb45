package kafkasim.infra.flink;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import kafkasim.infra.FreePorts;
import kafkasim.infra.StartException;
import kafkasim.infra.launch.Readiness;

/**
 * The cluster's JVMs on one set of ports, as one start attempt launched them and as faults change them later: the
 * {@link JobManager}, the {@link TaskManagers}, and a REST client. Launching and closing exclude each other, so a
 * JVM started while the cluster closes is never left behind.
 */
final class FlinkCluster {
    private final FlinkDirs dirs;
    private final int restPort;
    private final FlinkRestClient client;
    private final JobManager jobManager;
    private final TaskManagers taskManagers;
    private boolean closed; // guarded by this

    FlinkCluster(FlinkDirs dirs, int restPort, FlinkJvms jvms) {
        this.dirs = dirs;
        this.restPort = restPort;
        this.client = new FlinkRestClient(restUrl());
        this.jobManager = new JobManager(jvms, dirs);
        this.taskManagers = new TaskManagers(jvms, dirs);
    }

    FlinkDirs dirs() {
        return dirs;
    }

    int restPort() {
        return restPort;
    }

    String restUrl() {
        return "http://" + EmbeddedFlink.HOST + ":" + restPort;
    }

    FlinkRestClient client() {
        return client;
    }

    JobManager jobManager() {
        return jobManager;
    }

    TaskManagers taskManagers() {
        return taskManagers;
    }

    /** Launches the JobManager and {@code n} TaskManagers at once, without waiting for them. */
    synchronized void launch(int n, IntFunction<int[]> portPicker) throws IOException {
        jobManager.launch();
        for (int i = 0; i < n; i++) {
            taskManagers.launch(portPicker.apply(2));
        }
    }

    /** The first cluster JVM found dead that nobody killed, as a readiness; null while all run. */
    Readiness exitedChild() {
        Process jm = jobManager.current();
        if (!jm.isAlive()) {
            return exited("JobManager", jm);
        }
        TaskManagers.TaskManager tm = taskManagers.firstDead();
        return tm == null ? null : exited("TaskManager " + tm.index, tm.process);
    }

    private static Readiness exited(String role, Process p) {
        return Readiness.exited(p.exitValue(), role + " (pid " + p.pid() + ") exited with code " + p.exitValue());
    }

    /** Starts another TaskManager and waits up to {@code timeout} until it is registered; returns its number. */
    int startTaskManager(Duration timeout) {
        TaskManagers.TaskManager tm;
        synchronized (this) {
            checkOpen();
            try {
                tm = taskManagers.launch(FreePorts.pick(2));
            } catch (IOException e) {
                throw new StartException("could not start a TaskManager: " + e, e);
            }
        }
        taskManagers.awaitRegistered(tm, client, timeout);
        return tm.index;
    }

    /** A new JobManager after the old one died, ready with every running TaskManager within {@code timeout}. */
    long restartJobManager(Duration timeout) {
        return jobManager.restart(this::relaunchJobManager, () -> taskManagers.allRegistered(client),
                this::describeLogs, dirs.logDir(), timeout);
    }

    private synchronized void relaunchJobManager() {
        checkOpen();
        if (jobManager.current().isAlive()) {
            throw new IllegalStateException("the JobManager (pid " + jobManager.current().pid() + ") still runs");
        }
        try {
            jobManager.launch();
        } catch (IOException e) {
            throw new StartException("could not start the JobManager again: " + e, e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the cluster is closed");
        }
    }

    /** No more launches; stops everything. */
    synchronized void close() {
        closed = true;
        stopAll();
    }

    /** Stops every cluster JVM ({@link EmbeddedFlink#STOP_TIMEOUT} of grace, shared) and empties {@code tmp/}. */
    void stopAll() {
        List<Process> processes = new ArrayList<>(taskManagers.processes());
        if (jobManager.current() != null) {
            processes.add(jobManager.current());
        }
        FlinkLogs.stopProcesses(processes, EmbeddedFlink.STOP_TIMEOUT);
        FlinkLogs.deleteContents(dirs.tmpDir());
    }

    /** The logs of every cluster JVM written since its launch: first error and last lines, for a message. */
    String describeLogs() {
        return jobManager.describeLogs() + taskManagers.describeLogs();
    }
}
