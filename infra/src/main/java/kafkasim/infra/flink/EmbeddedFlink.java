package kafkasim.infra.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.IntFunction;

import kafkasim.infra.FreePorts;
import kafkasim.infra.StartException;
import kafkasim.infra.launch.ServerLauncher;
import kafkasim.infra.launch.StopOnce;

/**
 * A real Apache Flink standalone session cluster on this machine: one JobManager and N TaskManagers, each a child
 * JVM on the Flink runtime classpath ({@code flink-cluster/target/flink-lib}; no flink-dist, no scripts). Everything
 * binds to 127.0.0.1 on ports chosen free at start; the web dashboard is at {@link #webUiUrl()}. Each child runs
 * under {@code kafkasim.common.process.WatchedMain}, so it exits when this JVM is gone, even after a {@code kill -9}.
 *
 * <p>Start-up does what flink-dist's {@code jobmanager.sh}/{@code taskmanager.sh} would: it renders the
 * configuration template ({@code flink-conf/config.yaml}, see {@link FlinkLayout}) into {@code workDir/conf}, asks
 * {@code BashJavaUtils GET_JM_RESOURCE_PARAMS}/{@code GET_TM_RESOURCE_PARAMS} (two short JVMs, run in parallel) for
 * the JVM memory flags and the derived {@code -D} settings, and launches the JobManager and all TaskManagers at once
 * with {@code env.java.opts.*} from the rendered file (the Java 17 opens). The TaskManagers retry their registration
 * until the JobManager is up. The cluster is ready when {@code GET /overview} reports all TaskManagers and free
 * slots.
 *
 * <p>Layout of the work directory (reused across starts; only {@code tmp/} is emptied, at start and at close):
 * <pre>
 *   conf/config.yaml, conf/log4j.properties   rendered configuration shared by all cluster JVMs
 *   log/jobmanager.log, log/jobmanager.out    Flink's log and the JVM's stdout+stderr (appended across starts)
 *   log/taskmanager-N.log, .out               per TaskManager (N = start order, replacements get new numbers)
 *   log/bash-java-utils.log                   the resource-parameter computation
 *   tmp/                                      io.tmp.dirs of the JobManager (blobs, unpacked RPC jar, web uploads)
 *   tmp/taskmanager-N/                        io.tmp.dirs of TaskManager N
 *   checkpoints/, savepoints/                 execution.checkpointing.dir and savepoint-dir (kept)
 * </pre>
 *
 * <p>The library prints nothing; callers print {@link #startupTimings()}.
 */
public final class EmbeddedFlink implements AutoCloseable {
    /** How long {@link #start} waits for the cluster by default. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** How long {@link #startTaskManager()} waits for the new TaskManager to register. */
    public static final Duration TASK_MANAGER_TIMEOUT = Duration.ofSeconds(60);
    /**
     * How long {@link #restartJobManager()} waits for the new JobManager and the TaskManagers' re-registration (they
     * notice the old one is gone after {@code heartbeat.timeout}).
     */
    public static final Duration JOB_MANAGER_RESTART_TIMEOUT = Duration.ofSeconds(60);
    /** How long {@link #close()} waits after SIGTERM before it kills what still runs. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** The one address everything binds to and advertises. */
    public static final String HOST = "127.0.0.1";

    /**
     * Milliseconds from the {@code start(…)} call: BashJavaUtils answered (both JVMs; this is what a JVM on the
     * Flink classpath costs), the REST API first answered, all TaskManagers were registered, and the cluster was
     * ready (TaskManagers registered and slots free).
     */
    public record StartupTimings(long resourceParamsMillis, long jobManagerUpMillis,
                                 long taskManagersRegisteredMillis, long totalMillis) {
    }

    private final FlinkCluster cluster;
    private final StartupTimings timings;
    private final StopOnce stopOnce;

    private EmbeddedFlink(FlinkCluster cluster, StartupTimings timings) {
        this.cluster = cluster;
        this.timings = timings;
        this.stopOnce = new StopOnce("embedded-flink-stop", cluster::close);
    }

    // ------------------------------------------------------------------------------------------------- starting

    /** One TaskManager, the layout found by {@link FlinkLayout#locate()}, {@link #DEFAULT_STARTUP_TIMEOUT}. */
    public static EmbeddedFlink start(Path workDir) {
        return start(workDir, FlinkLayout.locate(), 1, DEFAULT_STARTUP_TIMEOUT);
    }

    /** {@code taskManagers} TaskManagers, the layout found by {@link FlinkLayout#locate()}. */
    public static EmbeddedFlink start(Path workDir, int taskManagers) {
        return start(workDir, FlinkLayout.locate(), taskManagers, DEFAULT_STARTUP_TIMEOUT);
    }

    /** Explicit runtime classpath folder and configuration template folder; {@link #DEFAULT_STARTUP_TIMEOUT}. */
    public static EmbeddedFlink start(Path workDir, Path flinkLibDir, Path confTemplateDir, int taskManagers) {
        return start(workDir, new FlinkLayout(flinkLibDir, confTemplateDir), taskManagers, DEFAULT_STARTUP_TIMEOUT);
    }

    /**
     * Starts the cluster and waits until {@code GET /overview} reports {@code taskManagers} TaskManagers and free
     * slots. A port taken by another process between choosing and binding is retried with fresh ports (up to 3
     * attempts).
     *
     * @throws StartException if the cluster cannot be started or is not ready within {@code timeout} (everything
     *                        started is stopped again); the message says what failed and quotes the logs' tails
     */
    public static EmbeddedFlink start(Path workDir, FlinkLayout layout, int taskManagers, Duration timeout) {
        return start(workDir, layout, taskManagers, timeout, FreePorts::pick);
    }

    /** As the public overload; {@code portPicker} gives {@code n} ports: 3 per attempt, 2 per TaskManager. */
    static EmbeddedFlink start(Path workDir, FlinkLayout layout, int taskManagers, Duration timeout,
                               IntFunction<int[]> portPicker) {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(timeout, "timeout");
        if (taskManagers < 1) {
            throw new IllegalArgumentException("taskManagers must be at least 1, was " + taskManagers);
        }
        long t0 = System.nanoTime();
        FlinkClusterStart start = FlinkClusterStart.prepare(FlinkDirs.of(workDir), layout, taskManagers, timeout,
                portPicker, t0);
        FlinkCluster cluster = ServerLauncher.start(start, () -> portPicker.apply(3), ServerLauncher.BIND_ATTEMPTS,
                t0 + timeout.toNanos());
        EmbeddedFlink flink = new EmbeddedFlink(cluster, start.timings());
        flink.stopOnce.arm(start.name(), "");
        return flink;
    }

    // -------------------------------------------------------------------------------------------------- running

    /** {@code http://127.0.0.1:<rest port>}: the REST API. */
    public String restUrl() {
        return cluster.restUrl();
    }

    /** The web dashboard (served by the REST endpoint). */
    public String webUiUrl() {
        return restUrl() + "/";
    }

    public int restPort() {
        return cluster.restPort();
    }

    /** A REST client for this cluster. */
    public FlinkRestClient client() {
        return cluster.client();
    }

    /** Milliseconds from the {@code start(…)} call until the cluster was ready. */
    public long startupMillis() {
        return timings.totalMillis();
    }

    /** Where start-up spent its time. */
    public StartupTimings startupTimings() {
        return timings;
    }

    public long jobManagerPid() {
        return cluster.jobManager().current().pid();
    }

    /** Pids of all TaskManagers started, by number (start order; killed ones included). */
    public List<Long> taskManagerPids() {
        return cluster.taskManagers().pids();
    }

    /** The JobManager JVM, e.g. to sample its CPU and memory. */
    public ProcessHandle jobManagerProcess() {
        return cluster.jobManager().current().toHandle();
    }

    /** All TaskManager JVMs started (replacements and killed ones included), e.g. to sample their CPU and memory. */
    public List<ProcessHandle> taskManagerProcesses() {
        return cluster.taskManagers().processes().stream().map(Process::toHandle).toList();
    }

    /** Whether TaskManager number {@code index} runs. */
    public boolean isTaskManagerAlive(int index) {
        return cluster.taskManagers().isAlive(index);
    }

    /** Every JobManager JVM started, the killed ones included (for CPU accounting across a restart). */
    public List<ProcessHandle> jobManagerProcesses() {
        return cluster.jobManager().processes();
    }

    /** Whether the JobManager JVM runs. */
    public boolean isJobManagerAlive() {
        return cluster.jobManager().current().isAlive();
    }

    public Path workDir() {
        return cluster.dirs().workDir();
    }

    /** The rendered {@code config.yaml} and {@code log4j.properties}. */
    public Path confDir() {
        return cluster.dirs().confDir();
    }

    /** The cluster JVMs' log files ({@code jobmanager.log}, {@code taskmanager-N.log}, their {@code .out}). */
    public Path logDir() {
        return cluster.dirs().logDir();
    }

    /** {@code io.tmp.dirs} of the JobManager; the TaskManagers' are subfolders. Emptied by {@link #close()}. */
    public Path tmpDir() {
        return cluster.dirs().tmpDir();
    }

    /** {@code execution.checkpointing.dir}: checkpoints land in {@code <jobId>/chk-N} below it. */
    public Path checkpointDir() {
        return cluster.dirs().checkpointDir();
    }

    /** {@code execution.checkpointing.savepoint-dir}: the default target of stop-with-savepoint. */
    public Path savepointDir() {
        return cluster.dirs().savepointDir();
    }

    /**
     * Kills TaskManager number {@code index} with SIGKILL (a crash, for fault tests) and removes its temp folder.
     * The JobManager notices the loss by heartbeat (or sooner, by failed heartbeat RPCs).
     */
    public void killTaskManager(int index) {
        cluster.taskManagers().kill(index);
    }

    /**
     * Starts another TaskManager (e.g. to replace a killed one) and waits up to {@link #TASK_MANAGER_TIMEOUT} until
     * the JobManager lists it.
     *
     * @return its number (for {@link #killTaskManager(int)})
     * @throws StartException if it exits or does not register in time (it is stopped then)
     */
    public int startTaskManager() {
        return cluster.startTaskManager(TASK_MANAGER_TIMEOUT);
    }

    /**
     * Kills the JobManager with SIGKILL (a crash, for fault tests) and waits until it is gone. The TaskManagers keep
     * running: they lose its heartbeat, fail their tasks and retry registering at the same address.
     *
     * @return the killed JobManager's pid
     */
    public long killJobManager() {
        return cluster.jobManager().kill();
    }

    /**
     * Starts a new JobManager after the old one died, on the same rendered configuration: its RPC, blob and REST
     * ports, so the running TaskManagers re-register with it and {@link #client()} keeps working. Waits up to
     * {@link #JOB_MANAGER_RESTART_TIMEOUT} until the REST API answers and every running TaskManager is registered
     * (standalone Flink without HA: the new JobManager knows no jobs, the caller resubmits them). A port still
     * held by the dead JVM's sockets is retried (the ports are the cluster's, they cannot change).
     *
     * @return the new JobManager's pid
     * @throws StartException if it exits or is not ready in time (the logs' tails in the message)
     */
    public long restartJobManager() {
        return cluster.restartJobManager(JOB_MANAGER_RESTART_TIMEOUT);
    }

    /**
     * Stops the TaskManagers and the JobManager (SIGTERM to all, after {@link #STOP_TIMEOUT} SIGKILL) and empties
     * {@code tmp/} (blobs, the unpacked RPC jar, uploaded jars). Logs, checkpoints and savepoints stay. Idempotent.
     */
    @Override
    public void close() {
        stopOnce.close();
    }

    @Override
    public String toString() {
        Process jm = cluster.jobManager().current();
        return "EmbeddedFlink[" + restUrl() + ", JobManager pid " + (jm == null ? "-" : jm.pid())
                + ", TaskManager pids " + taskManagerPids() + ", " + workDir() + "]";
    }

    /** Resident set size of a process in bytes (from {@code /proc/<pid>/status}), empty if unknown. */
    public static OptionalLong residentSetBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024L);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no procfs or the process is gone
        }
        return OptionalLong.empty();
    }
}
