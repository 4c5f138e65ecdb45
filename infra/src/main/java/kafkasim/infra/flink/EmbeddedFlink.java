package kafkasim.infra.flink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import kafkasim.common.process.ChildJvm;
import kafkasim.common.process.JitPolicy;
import kafkasim.infra.ChildProcesses;
import kafkasim.infra.FreePorts;
import kafkasim.infra.StartException;

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

    static final String WATCHED_MAIN = "kafkasim.common.process.WatchedMain";
    static final String JOBMANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASKMANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    /** File name prefix of the RPC system jar that flink-rpc-akka-loader unpacks into io.tmp.dirs. */
    static final String RPC_JAR_PREFIX = "flink-rpc-akka";
    private static final Duration POLL_REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final int BIND_ATTEMPTS = 3;

    /**
     * Milliseconds from the {@code start(…)} call: BashJavaUtils answered (both JVMs; this is what a JVM on the
     * Flink classpath costs), the REST API first answered, all TaskManagers were registered, and the cluster was
     * ready (TaskManagers registered and slots free).
     */
    public record StartupTimings(long resourceParamsMillis, long jobManagerUpMillis,
                                 long taskManagersRegisteredMillis, long totalMillis) {
    }

    private final Path workDir;
    private final FlinkLayout layout;
    private final Path confDir;
    private final Path logDir;
    private final Path tmpDir;
    private final Path checkpointDir;
    private final Path savepointDir;
    private final int restPort;
    private final ResourceParams jmParams;
    private final ResourceParams tmParams;
    private final List<String> jmJavaOpts;
    private final List<String> tmJavaOpts;
    private final FlinkRestClient client;
    private final Thread shutdownHook;
    private final List<TaskManager> taskManagers = new ArrayList<>(); // guarded by this
    private volatile Process jobManager;
    /** Every JobManager JVM started, the killed ones included (a fault restarts it). Guarded by this. */
    private final List<Process> jobManagers = new ArrayList<>();
    private long jobManagerLogOffset;
    private long jobManagerOutOffset;
    private StartupTimings timings;
    private boolean closed;

    private EmbeddedFlink(Path workDir, FlinkLayout layout, int restPort, ResourceParams jmParams,
                          ResourceParams tmParams, Map<String, String> config) {
        this.workDir = workDir;
        this.layout = layout;
        this.confDir = workDir.resolve("conf");
        this.logDir = workDir.resolve("log");
        this.tmpDir = workDir.resolve("tmp");
        this.checkpointDir = workDir.resolve("checkpoints");
        this.savepointDir = workDir.resolve("savepoints");
        this.restPort = restPort;
        this.jmParams = jmParams;
        this.tmParams = tmParams;
        this.jmJavaOpts = FlinkConfig.javaOpts(config, "jobmanager");
        this.tmJavaOpts = FlinkConfig.javaOpts(config, "taskmanager");
        this.tmJavaOpts.addAll(JitPolicy.forThisHost()); // after the template's options: the host decides
        this.client = new FlinkRestClient(restUrl());
        this.shutdownHook = new Thread(this::stopAll, "embedded-flink-stop");
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

    static EmbeddedFlink start(Path workDir, FlinkLayout layout, int taskManagers, Duration timeout,
                               IntFunction<int[]> portPicker) {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(timeout, "timeout");
        if (taskManagers < 1) {
            throw new IllegalArgumentException("taskManagers must be at least 1, was " + taskManagers);
        }
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        try {
            layout.validate();
        } catch (IllegalStateException e) {
            throw new StartException("cannot start Flink: " + e.getMessage(), e);
        }
        Path dir = workDir.toAbsolutePath().normalize();
        Path confDir = dir.resolve("conf");
        Path logDir = dir.resolve("log");
        Path tmpDir = dir.resolve("tmp");
        String template;
        try {
            for (Path d : List.of(confDir, logDir, tmpDir, dir.resolve("checkpoints"), dir.resolve("savepoints"))) {
                Files.createDirectories(d);
            }
            deleteContents(tmpDir); // leftovers of a killed earlier run (its RPC jar alone is ~21 MB)
            template = Files.readString(layout.confTemplateDir().resolve(FlinkConfig.CONFIG_FILE));
            Files.copy(layout.confTemplateDir().resolve(FlinkConfig.LOG4J_FILE),
                    confDir.resolve(FlinkConfig.LOG4J_FILE), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StartException("could not prepare the Flink work directory " + dir + ": " + e, e);
        }

        ResourceParams jmParams = null;
        ResourceParams tmParams = null;
        long paramsMillis = 0;
        for (int attempt = 1; ; attempt++) {
            int[] ports = portPicker.apply(3);
            Map<String, String> config = writeConfig(template, dir, ports, confDir);
            if (jmParams == null) {
                ResourceParams[] params = ResourceParams.cached(layout, confDir, logDir, template);
                jmParams = params[0];
                tmParams = params[1];
                paramsMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            }
            EmbeddedFlink flink = new EmbeddedFlink(dir, layout, ports[0], jmParams, tmParams, config);
            try {
                synchronized (flink) {
                    flink.launchJobManager();
                    for (int i = 0; i < taskManagers; i++) {
                        flink.launchTaskManager(portPicker.apply(2));
                    }
                }
                long[] marks = flink.awaitReady(taskManagers, deadline);
                flink.timings = new StartupTimings(paramsMillis, millisSince(t0, marks[0]), millisSince(t0, marks[1]),
                        millisSince(t0, System.nanoTime()));
            } catch (ChildExited e) {
                String logs = flink.describeLogs();
                flink.stopAll();
                if (attempt < BIND_ATTEMPTS && isBindFailure(logs)) {
                    continue; // a port was taken between choosing and binding: choose again
                }
                throw new StartException("Flink failed to start: the " + e.role + " (pid " + e.pid + ") exited with "
                        + "code " + e.exitCode + " during startup" + (isBindFailure(logs) ? " (a port was taken; "
                        + attempt + " attempt(s) with fresh ports)" : "") + ". Logs in " + flink.logDir + logs);
            } catch (TimeoutException e) {
                String logs = flink.describeLogs();
                flink.stopAll();
                throw new StartException("Flink was not ready within " + timeout.toMillis() / 1000.0 + " s (REST "
                        + flink.restUrl() + ", " + e.getMessage() + "; everything started is stopped again). Logs in "
                        + flink.logDir + logs);
            } catch (IOException | RuntimeException | Error e) {
                flink.stopAll();
                throw new StartException("Flink failed to start: " + e + ". Logs in " + flink.logDir, e);
            }
            try {
                Runtime.getRuntime().addShutdownHook(flink.shutdownHook);
            } catch (IllegalStateException jvmShuttingDown) {
                flink.stopAll();
                throw new StartException("Flink was started while this JVM shuts down; stopped it again",
                        jvmShuttingDown);
            }
            return flink;
        }
    }

    /** Renders the template with the chosen ports and this work dir's folders into {@code conf/config.yaml}. */
    private static Map<String, String> writeConfig(String template, Path dir, int[] ports, Path confDir) {
        Map<String, String> values = placeholderValues(dir, ports[0], ports[1], ports[2]);
        try {
            String rendered = FlinkConfig.render(template, values);
            Map<String, String> config = FlinkConfig.parseFlat(rendered);
            FlinkConfig.validate(config, values, HOST);
            Files.writeString(confDir.resolve(FlinkConfig.CONFIG_FILE), rendered, StandardCharsets.UTF_8);
            return config;
        } catch (IllegalArgumentException e) {
            throw new StartException("the Flink configuration template is unusable: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StartException("could not write " + confDir.resolve(FlinkConfig.CONFIG_FILE) + ": " + e, e);
        }
    }

    /** The values of the template's placeholders for a cluster in {@code dir} on the given ports. */
    static Map<String, String> placeholderValues(Path dir, int restPort, int rpcPort, int blobPort) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(FlinkConfig.REST_PORT, Integer.toString(restPort));
        values.put(FlinkConfig.JOBMANAGER_RPC_PORT, Integer.toString(rpcPort));
        values.put(FlinkConfig.BLOB_SERVER_PORT, Integer.toString(blobPort));
        values.put(FlinkConfig.TMP_DIR, dir.resolve("tmp").toString());
        values.put(FlinkConfig.WEB_TMP_DIR, dir.resolve("tmp").resolve("web").toString());
        // Flink parses these as URIs of its own file system; an unencoded absolute path after file:// is its usual form
        values.put(FlinkConfig.CHECKPOINT_DIR_URI, "file://" + dir.resolve("checkpoints"));
        values.put(FlinkConfig.SAVEPOINT_DIR_URI, "file://" + dir.resolve("savepoints"));
        return values;
    }


    private void launchJobManager() throws IOException {
        Path log = logDir.resolve("jobmanager.log");
        Path out = logDir.resolve("jobmanager.out");
        jobManagerLogOffset = size(log);
        jobManagerOutOffset = size(out);
        List<String> jvm = new ArrayList<>(jmParams.jvmFlags());
        jvm.addAll(jmJavaOpts);
        List<String> args = new ArrayList<>(List.of("--configDir", confDir.toString()));
        args.addAll(jmParams.dynamicProperties());
        jobManager = launch("jobmanager", JOBMANAGER_MAIN, jvm, args, log, out, tmpDir);
        synchronized (this) {
            jobManagers.add(jobManager);
        }
    }

    /** Starts TaskManager number {@code taskManagers.size()} on the two given ports (rpc, data). */
    private TaskManager launchTaskManager(int[] ports) throws IOException {
        int index = taskManagers.size();
        String name = "taskmanager-" + index;
        Path log = logDir.resolve(name + ".log");
        Path out = logDir.resolve(name + ".out");
        Path tmp = tmpDir.resolve(name);
        Files.createDirectories(tmp);
        long logOffset = size(log);
        long outOffset = size(out);
        List<String> jvm = new ArrayList<>(tmParams.jvmFlags());
        jvm.addAll(tmJavaOpts);
        List<String> args = new ArrayList<>(List.of("--configDir", confDir.toString()));
        args.addAll(tmParams.dynamicProperties());
        args.addAll(List.of(
                "-D", "taskmanager.rpc.port=" + ports[0],
                "-D", "taskmanager.data.port=" + ports[1],
                "-D", "taskmanager.resource-id=" + name,
                "-D", "io.tmp.dirs=" + tmp));
        Process process = launch(name, TASKMANAGER_MAIN, jvm, args, log, out, tmp);
        TaskManager tm = new TaskManager(index, name, ports[0], ports[1], process, log, out, tmp, logOffset,
                outOffset);
        taskManagers.add(tm);
        return tm;
    }

    private Process launch(String role, String mainClass, List<String> jvmFlags, List<String> args, Path log,
                           Path out, Path tmp) throws IOException {
        ChildJvm jvm = ChildJvm.of(WATCHED_MAIN).classpath(layout.classpath());
        jvmFlags.forEach(jvm::jvmArg);
        Process process = jvm
                .jvmArg("-Dlog.file=" + log)
                .jvmArg("-Dlog4j.configurationFile=" + confDir.resolve(FlinkConfig.LOG4J_FILE))
                // JVM-level temp files (Netty's native library, Snappy) land in the work dir too, not in /tmp
                .jvmArg("-Djava.io.tmpdir=" + tmp)
                .jvmArg("-Dkafkasim.flink.role=" + role) // makes the process easy to spot in ps/jps
                .arg(mainClass)
                .args(args)
                .workDir(workDir)
                .stdin(ProcessBuilder.Redirect.PIPE)
                .stdout(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .stderr(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .start();
        process.getOutputStream().close(); // Flink reads no stdin
        return process;
    }

    /**
     * Polls {@code GET /overview} until {@code n} TaskManagers are registered and slots are free.
     *
     * @return {@link System#nanoTime()} when the REST API first answered and when the TaskManagers were registered
     */
    private long[] awaitReady(int n, long deadline) throws ChildExited, TimeoutException {
        long restUp = -1;
        long registered = -1;
        Overview last = null;
        while (true) {
            checkChildren();
            try {
                last = client.overview(POLL_REQUEST_TIMEOUT);
                long now = System.nanoTime();
                restUp = restUp < 0 ? now : restUp;
                if (last.taskManagers() >= n) {
                    registered = registered < 0 ? now : registered;
                    if (last.slotsAvailable() > 0) {
                        return new long[] {restUp, registered};
                    }
                }
            } catch (FlinkRestException notYet) {
                // REST endpoint not up yet
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException(last == null ? "the REST API never answered"
                        : "last overview: " + last.taskManagers() + " of " + n + " TaskManagers, "
                        + last.slotsAvailable() + " free slots");
            }
            sleep(100);
        }
    }

    private void checkChildren() throws ChildExited {
        if (!jobManager.isAlive()) {
            throw new ChildExited("JobManager", jobManager.pid(), jobManager.exitValue());
        }
        synchronized (this) {
            for (TaskManager tm : taskManagers) {
                if (!tm.killed && !tm.process.isAlive()) {
                    throw new ChildExited("TaskManager " + tm.index, tm.process.pid(), tm.process.exitValue());
                }
            }
        }
    }

    // -------------------------------------------------------------------------------------------------- running

    /** {@code http://127.0.0.1:<rest port>}: the REST API. */
    public String restUrl() {
        return "http://" + HOST + ":" + restPort;
    }

    /** The web dashboard (served by the REST endpoint). */
    public String webUiUrl() {
        return restUrl() + "/";
    }

    public int restPort() {
        return restPort;
    }

    /** A REST client for this cluster. */
    public FlinkRestClient client() {
        return client;
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
        return jobManager.pid();
    }

    /** Pids of all TaskManagers started, by number (start order; killed ones included). */
    public synchronized List<Long> taskManagerPids() {
        return taskManagers.stream().map(tm -> tm.process.pid()).collect(Collectors.toUnmodifiableList());
    }

    /** The JobManager JVM, e.g. to sample its CPU and memory. */
    public ProcessHandle jobManagerProcess() {
        return jobManager.toHandle();
    }

    /** All TaskManager JVMs started (replacements and killed ones included), e.g. to sample their CPU and memory. */
    public synchronized List<ProcessHandle> taskManagerProcesses() {
        return taskManagers.stream().map(tm -> tm.process.toHandle()).collect(Collectors.toUnmodifiableList());
    }

    /** Whether TaskManager number {@code index} runs. */
    public synchronized boolean isTaskManagerAlive(int index) {
        return taskManager(index).process.isAlive();
    }

    /** Every JobManager JVM started, the killed ones included (for CPU accounting across a restart). */
    public synchronized List<ProcessHandle> jobManagerProcesses() {
        return jobManagers.stream().map(Process::toHandle).collect(Collectors.toUnmodifiableList());
    }

    /** Whether the JobManager JVM runs. */
    public boolean isJobManagerAlive() {
        return jobManager.isAlive();
    }

    public Path workDir() {
        return workDir;
    }

    /** The rendered {@code config.yaml} and {@code log4j.properties}. */
    public Path confDir() {
        return confDir;
    }

    /** The cluster JVMs' log files ({@code jobmanager.log}, {@code taskmanager-N.log}, their {@code .out}). */
    public Path logDir() {
        return logDir;
    }

    /** {@code io.tmp.dirs} of the JobManager; the TaskManagers' are subfolders. Emptied by {@link #close()}. */
    public Path tmpDir() {
        return tmpDir;
    }

    /** {@code execution.checkpointing.dir}: checkpoints land in {@code <jobId>/chk-N} below it. */
    public Path checkpointDir() {
        return checkpointDir;
    }

    /** {@code execution.checkpointing.savepoint-dir}: the default target of stop-with-savepoint. */
    public Path savepointDir() {
        return savepointDir;
    }

    /**
     * Kills TaskManager number {@code index} with SIGKILL (a crash, for fault tests) and removes its temp folder.
     * The JobManager notices the loss by heartbeat (or sooner, by failed heartbeat RPCs).
     */
    public void killTaskManager(int index) {
        TaskManager tm;
        synchronized (this) {
            tm = taskManager(index);
            tm.killed = true;
        }
        tm.process.destroyForcibly();
        try {
            tm.process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(tm.tmpDir);
    }

    /**
     * Starts another TaskManager (e.g. to replace a killed one) and waits up to {@link #TASK_MANAGER_TIMEOUT} until
     * the JobManager lists it.
     *
     * @return its number (for {@link #killTaskManager(int)})
     * @throws StartException if it exits or does not register in time (it is stopped then)
     */
    public int startTaskManager() {
        TaskManager tm;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the cluster is closed");
            }
            try {
                tm = launchTaskManager(FreePorts.pick(2));
            } catch (IOException e) {
                throw new StartException("could not start a TaskManager: " + e, e);
            }
        }
        long deadline = System.nanoTime() + TASK_MANAGER_TIMEOUT.toNanos();
        while (true) {
            if (!tm.process.isAlive()) {
                tm.killed = true;
                throw new StartException("TaskManager " + tm.index + " (pid " + tm.process.pid() + ") exited with code "
                        + tm.process.exitValue() + " during startup. Logs in " + logDir + describe(tm));
            }
            try {
                if (client.taskManagerIds(POLL_REQUEST_TIMEOUT).contains(tm.resourceId)) {
                    return tm.index;
                }
            } catch (FlinkRestException notNow) {
                // the JobManager is busy or gone; the deadline decides
            }
            if (System.nanoTime() - deadline > 0) {
                String logs = describe(tm);
                tm.killed = true;
                stopProcesses(List.of(tm.process), Duration.ofSeconds(5));
                throw new StartException("TaskManager " + tm.index + " did not register within "
                        + TASK_MANAGER_TIMEOUT.toSeconds() + " s (it is stopped again). Logs in " + logDir + logs);
            }
            sleep(100);
        }
    }

    /**
     * Kills the JobManager with SIGKILL (a crash, for fault tests) and waits until it is gone. The TaskManagers keep
     * running: they lose its heartbeat, fail their tasks and retry registering at the same address.
     *
     * @return the killed JobManager's pid
     */
    public long killJobManager() {
        Process old = jobManager;
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
        long deadline = System.nanoTime() + JOB_MANAGER_RESTART_TIMEOUT.toNanos();
        for (int attempt = 1; ; attempt++) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("the cluster is closed");
                }
                if (jobManager.isAlive()) {
                    throw new IllegalStateException("the JobManager (pid " + jobManager.pid() + ") still runs");
                }
                try {
                    launchJobManager();
                } catch (IOException e) {
                    throw new StartException("could not start the JobManager again: " + e, e);
                }
            }
            Process started = jobManager;
            while (started.isAlive() && !taskManagersRegistered()) {
                if (System.nanoTime() - deadline > 0) {
                    String logs = describeLogs();
                    throw new StartException("the restarted JobManager (pid " + started.pid() + ") was not ready"
                            + " with every running TaskManager within " + JOB_MANAGER_RESTART_TIMEOUT.toSeconds()
                            + " s. Logs in " + logDir + logs);
                }
                sleep(100);
            }
            if (started.isAlive()) {
                return started.pid();
            }
            String logs = describeLogs();
            if (attempt >= BIND_ATTEMPTS || !isBindFailure(logs) || System.nanoTime() - deadline > 0) {
                throw new StartException("the restarted JobManager (pid " + started.pid() + ") exited with code "
                        + started.exitValue() + ". Logs in " + logDir + logs);
            }
            sleep(1000); // a port of the dead JobManager is not free yet
        }
    }

    /** True if the REST API answers and lists every TaskManager that runs (at least one). */
    private boolean taskManagersRegistered() {
        List<String> running;
        synchronized (this) {
            running = taskManagers.stream().filter(tm -> tm.process.isAlive()).map(tm -> tm.resourceId).toList();
        }
        try {
            return !running.isEmpty() && client.taskManagerIds(POLL_REQUEST_TIMEOUT).containsAll(running);
        } catch (FlinkRestException notYet) {
            return false; // the REST endpoint is not up yet
        }
    }

    /**
     * Stops the TaskManagers and the JobManager (SIGTERM to all, after {@link #STOP_TIMEOUT} SIGKILL) and empties
     * {@code tmp/} (blobs, the unpacked RPC jar, uploaded jars). Logs, checkpoints and savepoints stay. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ChildProcesses.removeShutdownHook(shutdownHook);
        stopAll();
    }

    private void stopAll() {
        List<Process> processes = new ArrayList<>();
        synchronized (this) {
            taskManagers.forEach(tm -> processes.add(tm.process));
        }
        if (jobManager != null) {
            processes.add(jobManager);
        }
        stopProcesses(processes, STOP_TIMEOUT);
        deleteContents(tmpDir);
    }

    /** SIGTERM to all at once, a shared grace period, then SIGKILL for what still runs. */
    static void stopProcesses(List<Process> processes, Duration grace) {
        processes.stream().filter(Process::isAlive).forEach(Process::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        boolean interrupted = false;
        for (Process p : processes) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                interrupted = true;
                p.destroyForcibly();
            }
        }
        for (Process p : processes) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedFlink[" + restUrl() + ", JobManager pid " + (jobManager == null ? "-" : jobManager.pid())
                + ", TaskManager pids " + taskManagerPids() + ", " + workDir + "]";
    }

    // ------------------------------------------------------------------------------------------------ utilities

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

    private TaskManager taskManager(int index) {
        if (index < 0 || index >= taskManagers.size()) {
            throw new IllegalArgumentException("no TaskManager number " + index + " (started: "
                    + taskManagers.size() + ")");
        }
        return taskManagers.get(index);
    }

    /** The logs of every cluster JVM written since its launch: first error and last lines, for a message. */
    private String describeLogs() {
        StringBuilder sb = new StringBuilder();
        sb.append(describe("jobmanager.log", readSince(logDir.resolve("jobmanager.log"), jobManagerLogOffset)));
        sb.append(describe("jobmanager.out", readSince(logDir.resolve("jobmanager.out"), jobManagerOutOffset)));
        List<TaskManager> tms;
        synchronized (this) {
            tms = List.copyOf(taskManagers);
        }
        tms.forEach(tm -> sb.append(describe(tm)));
        return sb.toString();
    }

    private static String describe(TaskManager tm) {
        return describe(tm.log.getFileName().toString(), readSince(tm.log, tm.logOffset))
                + describe(tm.out.getFileName().toString(), readSince(tm.out, tm.outOffset));
    }

    private static String describe(String name, String log) {
        if (log.isBlank()) {
            return "";
        }
        String firstError = firstError(log);
        return "\n--- " + name + (firstError.isEmpty() ? "" : " first error:\n  " + firstError + "\n--- " + name)
                + " last lines:\n" + tail(log);
    }

    static boolean isBindFailure(String log) {
        return log.contains("Address already in use") || log.contains("BindException")
                || log.contains("Failed to bind");
    }

    /** The first ERROR/FATAL line of a Flink log, or of a JVM's stderr its first error line, else "". */
    static String firstError(String log) {
        String flinkError = ChildProcesses.firstError(log);
        if (!flinkError.isEmpty()) {
            return flinkError;
        }
        List<String> lines = log.lines().collect(Collectors.toList());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("Error:") || line.startsWith("Exception in thread")) {
                return i + 1 < lines.size() ? line + "\n  " + lines.get(i + 1) : line;
            }
        }
        return "";
    }

    /** The last lines of {@code log}, indented. */
    static String tail(String log) {
        return ChildProcesses.tail(log);
    }

    /** {@code file} from {@code fromOffset} on ("" if it does not exist). */
    static String readSince(Path file, long fromOffset) {
        return Files.exists(file) ? ChildProcesses.readSince(file, fromOffset) : "";
    }

    static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0L;
        } catch (IOException e) {
            return 0L;
        }
    }

    /** Deletes everything inside {@code dir} (best effort), keeping {@code dir}. */
    static void deleteContents(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                deleteQuietly(child);
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // best effort
        }
    }

    private static long millisSince(long t0, long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos - t0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Flink", e);
        }
    }

    /** One TaskManager JVM. */
    private static final class TaskManager {
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
        volatile boolean killed;

        TaskManager(int index, String resourceId, int rpcPort, int dataPort, Process process, Path log, Path out,
                    Path tmpDir, long logOffset, long outOffset) {
            this.index = index;
            this.resourceId = resourceId;
            this.rpcPort = rpcPort;
            this.dataPort = dataPort;
            this.process = process;
            this.log = log;
            this.out = out;
            this.tmpDir = tmpDir;
            this.logOffset = logOffset;
            this.outOffset = outOffset;
        }

        @Override
        public String toString() {
            return resourceId + "[pid " + process.pid() + ", rpc " + rpcPort + ", data " + dataPort + "]";
        }
    }

    private static final class ChildExited extends Exception {
        private static final long serialVersionUID = 1L;
        final String role;
        final long pid;
        final int exitCode;

        ChildExited(String role, long pid, int exitCode) {
            super(null, null, false, false);
            this.role = role;
            this.pid = pid;
            this.exitCode = exitCode;
        }
    }
}
