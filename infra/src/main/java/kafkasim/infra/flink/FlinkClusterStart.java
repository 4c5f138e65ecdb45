package kafkasim.infra.flink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import kafkasim.infra.StartException;
import kafkasim.infra.launch.ChildServer;
import kafkasim.infra.launch.FailedAttempt;
import kafkasim.infra.launch.Readiness;

/**
 * What is the Flink cluster's own in its start: per attempt the configuration rendered for {REST, RPC, blob}
 * ports, the JobManager and every TaskManager launched at once (they retry their registration until the JobManager
 * is up); ready when {@code GET /overview} reports all TaskManagers and free slots; a bind failure told by any
 * cluster JVM's log.
 */
final class FlinkClusterStart implements ChildServer<FlinkCluster> {
    private static final Duration POLL_REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private final FlinkLayout layout;
    private final FlinkDirs dirs;
    private final int taskManagers;
    private final Duration timeout;
    private final IntFunction<int[]> portPicker;
    private final long t0;
    private final String template;
    private ResourceParams[] params; // computed by the first attempt, [JobManager, TaskManager]
    private long paramsMillis;
    private EmbeddedFlink.StartupTimings timings; // of the attempt that got ready

    private FlinkClusterStart(FlinkLayout layout, FlinkDirs dirs, int taskManagers, Duration timeout,
                              IntFunction<int[]> portPicker, long t0, String template) {
        this.layout = layout;
        this.dirs = dirs;
        this.taskManagers = taskManagers;
        this.timeout = timeout;
        this.portPicker = portPicker;
        this.t0 = t0;
        this.template = template;
    }

    /**
     * Checks the layout, prepares the work directory and reads the configuration template.
     *
     * @param t0 {@link System#nanoTime()} of the start call, for the timings
     */
    static FlinkClusterStart prepare(FlinkDirs dirs, FlinkLayout layout, int taskManagers, Duration timeout,
                                     IntFunction<int[]> portPicker, long t0) {
        try {
            layout.validate();
        } catch (IllegalStateException e) {
            throw new StartException("cannot start Flink: " + e.getMessage(), e);
        }
        try {
            dirs.create();
            String template = Files.readString(layout.confTemplateDir().resolve(FlinkConfig.CONFIG_FILE));
            Files.copy(layout.confTemplateDir().resolve(FlinkConfig.LOG4J_FILE),
                    dirs.confDir().resolve(FlinkConfig.LOG4J_FILE), StandardCopyOption.REPLACE_EXISTING);
            return new FlinkClusterStart(layout, dirs, taskManagers, timeout, portPicker, t0, template);
        } catch (IOException e) {
            throw new StartException("could not prepare the Flink work directory " + dirs.workDir() + ": " + e, e);
        }
    }

    /** Where the start spent its time; null until an attempt was ready. */
    EmbeddedFlink.StartupTimings timings() {
        return timings;
    }

    @Override
    public String name() {
        return "Flink";
    }

    @Override
    public String logHint() {
        return ". Logs in " + dirs.logDir();
    }

    /** {@code ports}: REST, JobManager RPC, blob server; each TaskManager's two ports are picked here. */
    @Override
    public FlinkCluster launch(int[] ports) throws IOException {
        Map<String, String> config = writeConfig(ports);
        if (params == null) {
            params = ResourceParams.cached(layout, dirs.confDir(), dirs.logDir(), template);
            paramsMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        }
        FlinkCluster cluster = new FlinkCluster(dirs, ports[0], new FlinkJvms(layout, dirs, params[0], params[1],
                config));
        try {
            cluster.launch(taskManagers, portPicker);
            return cluster;
        } catch (IOException e) {
            cluster.stopAll();
            throw e;
        } catch (RuntimeException | Error e) {
            cluster.stopAll();
            throw new StartException("Flink failed to start: " + e + logHint(), e);
        }
    }

    /** Renders the template with the chosen ports and this work dir's folders into {@code conf/config.yaml}. */
    private Map<String, String> writeConfig(int[] ports) {
        Map<String, String> values = FlinkDirs.placeholderValues(dirs.workDir(), ports[0], ports[1], ports[2]);
        try {
            String rendered = FlinkConfig.render(template, values);
            Map<String, String> config = FlinkConfig.parseFlat(rendered);
            FlinkConfig.validate(config, values, EmbeddedFlink.HOST);
            Files.writeString(dirs.confDir().resolve(FlinkConfig.CONFIG_FILE), rendered, StandardCharsets.UTF_8);
            return config;
        } catch (IllegalArgumentException e) {
            throw new StartException("the Flink configuration template is unusable: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StartException("could not write " + dirs.confDir().resolve(FlinkConfig.CONFIG_FILE) + ": " + e, e);
        }
    }

    @Override
    public StartException launchFailed(IOException e) {
        return new StartException("Flink failed to start: " + e + logHint(), e);
    }

    /** Polls {@code GET /overview} until every TaskManager is registered and slots are free; then the timings. */
    @Override
    public Readiness awaitReady(FlinkCluster cluster, long deadlineNanos) {
        long restUp = -1;
        long registered = -1;
        Overview last = null;
        while (true) {
            Readiness exited = cluster.exitedChild();
            if (exited != null) {
                return exited;
            }
            try {
                last = cluster.client().overview(POLL_REQUEST_TIMEOUT);
                long now = System.nanoTime();
                restUp = restUp < 0 ? now : restUp;
                if (last.taskManagers() >= taskManagers) {
                    registered = registered < 0 ? now : registered;
                    if (last.slotsAvailable() > 0) {
                        timings = new EmbeddedFlink.StartupTimings(paramsMillis, millisSince(restUp),
                                millisSince(registered), millisSince(System.nanoTime()));
                        return Readiness.ready();
                    }
                }
            } catch (FlinkRestException notYet) {
                // REST endpoint not up yet
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                return Readiness.notReady(last == null ? "the REST API never answered"
                        : "last overview: " + last.taskManagers() + " of " + taskManagers + " TaskManagers, "
                        + last.slotsAvailable() + " free slots");
            }
            FlinkLogs.sleep(100);
        }
    }

    @Override
    public FailedAttempt end(FlinkCluster cluster, Readiness readiness, int attempt) {
        String logs = cluster.describeLogs();
        cluster.stopAll();
        if (!readiness.hasExited()) {
            return new FailedAttempt(false, "Flink was not ready within " + timeout.toMillis() / 1000.0 + " s (REST "
                    + cluster.restUrl() + ", " + readiness.detail() + "; everything started is stopped again)"
                    + logHint() + logs);
        }
        boolean portTaken = FlinkLogs.isBindFailure(logs);
        return new FailedAttempt(portTaken, "Flink failed to start: the " + readiness.detail() + " during startup"
                + (portTaken ? " (a port was taken; " + attempt + " attempt(s) with fresh ports)" : "") + logHint()
                + logs);
    }

    @Override
    public void stop(FlinkCluster cluster) {
        cluster.stopAll();
    }

    private long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos - t0);
    }
}
