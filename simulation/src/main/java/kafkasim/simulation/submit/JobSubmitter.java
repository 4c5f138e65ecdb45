package kafkasim.simulation.submit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import kafkasim.common.jobs.JobSettings;
import kafkasim.common.jobs.JobSource;
import kafkasim.common.jobs.JobSpec;
import kafkasim.common.scenario.PathSettings;
import kafkasim.common.scenario.Scenario;
import kafkasim.infra.flink.FlinkRestClient;
import kafkasim.simulation.architecture.Architecture;

/**
 * Submits kafkasim's consumer jobs to a Flink session cluster over its REST API (the same code path for the
 * embedded cluster and for yours): uploads the jobs jar once, starts the fast, medium and slow paths and the
 * aggregation job, waits until every one runs, and at the end stops them with a savepoint, so the slow path's
 * last files and the medium path's last batch are committed.
 */
public final class JobSubmitter {
    public static final String ENTRY_CLASS = "kafkasim.jobs.JobMain";
    /**
     * The aggregation job checkpoints at most this often, ms. It is not a measured path, and every checkpoint
     * serializes all its open windows with their latency histograms (a minute of allowed lateness keeps ~70 per
     * path): at the paths' 2 s it took a third of the TaskManager's CPU in a medium run.
     */
    static final int REPORT_CHECKPOINT_INTERVAL_MS = 10_000;
    public static final List<String> JOBS = JobSettings.NAMES;
    static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(90);
    /** Time the aggregation job gets to read the path jobs' final metric records before it is drained. */
    static final Duration REPORT_CATCH_UP = Duration.ofSeconds(3);

    /** A job kafkasim started. */
    public record SubmittedJob(String name, String jobId) {
    }

    private final FlinkRestClient flink;

    public JobSubmitter(FlinkRestClient flink) {
        this.flink = flink;
    }

    /**
     * Uploads {@code jobsJar}, starts every job and waits until all are RUNNING. The jobs are started at the same
     * time: each start runs the job's main method in the JobManager (topic checks included), which took 2-3 s per
     * job one after the other. If one cannot start, the ones that did are cancelled.
     */
    public List<SubmittedJob> submit(Path jobsJar, Scenario scenario, JobTargets targets) {
        return submit(jobsJar, scenario, targets, Map.of());
    }

    /**
     * As {@link #submit(Path, Scenario, JobTargets)}, each job named in {@code restoreFrom} restored from that
     * checkpoint or savepoint (its folder; the others start fresh). The jar is uploaded again: a restarted
     * JobManager has lost the jars of the one before.
     */
    public List<SubmittedJob> submit(Path jobsJar, Scenario scenario, JobTargets targets,
                                     Map<String, String> restoreFrom) {
        String jarId = flink.uploadJar(jobsJar);
        Map<String, CompletableFuture<String>> starts = new LinkedHashMap<>();
        for (String job : JOBS) {
            starts.put(job, CompletableFuture.supplyAsync(() -> flink.runJar(jarId, ENTRY_CLASS,
                    spec(job, scenario, targets).toArgs(), parallelism(job, scenario), restoreFrom.get(job))));
        }
        List<SubmittedJob> jobs = new ArrayList<>();
        RuntimeException failure = null;
        for (Map.Entry<String, CompletableFuture<String>> e : starts.entrySet()) {
            try {
                jobs.add(new SubmittedJob(e.getKey(), e.getValue().join()));
            } catch (CompletionException ex) {
                failure = failure != null ? failure : ex.getCause() instanceof RuntimeException r ? r : ex;
            }
        }
        try {
            if (failure != null) {
                throw failure;
            }
            for (SubmittedJob j : jobs) {
                flink.awaitRunning(j.jobId(), RUNNING_TIMEOUT);
            }
        } catch (RuntimeException ex) {
            jobs.forEach(j -> {
                try {
                    flink.cancel(j.jobId());
                } catch (RuntimeException ignored) {
                    // the job may be gone already; the failure that got us here is what matters
                }
            });
            throw ex;
        }
        return jobs;
    }

    /**
     * Stops every job with a savepoint into {@code savepointDir} (the final checkpoint commits what is pending);
     * a job that cannot take one is cancelled. The path jobs go first, at the same time (they are independent, and
     * one after the other took a second each): the completion of their final savepoints publishes their last metric
     * records. The aggregation job then gets {@link #REPORT_CATCH_UP} to read them and is stopped with drain, so its
     * last, still open windows fire too. Returns job name → savepoint path (or "cancelled …"), in {@code jobs}' order.
     */
    public Map<String, String> stop(List<SubmittedJob> jobs, String savepointDir) throws InterruptedException {
        Map<String, CompletableFuture<String>> paths = new LinkedHashMap<>();
        // a thread per path job: the common pool has one thread on a 2-core host, which would stop them in turn
        ExecutorService stopping = Executors.newFixedThreadPool(jobs.size(), r -> {
            Thread t = new Thread(r, "stop-with-savepoint");
            t.setDaemon(true);
            return t;
        });
        Map<String, String> result = new LinkedHashMap<>();
        try {
            for (SubmittedJob j : jobs) {
                if (!j.name().equals(JobSettings.REPORT)) {
                    paths.put(j.name(), CompletableFuture.supplyAsync(() -> stop(j, savepointDir, false), stopping));
                }
            }
            for (SubmittedJob j : jobs) {
                if (j.name().equals(JobSettings.REPORT)) {
                    paths.values().forEach(CompletableFuture::join); // every path job's last records are out
                    Thread.sleep(REPORT_CATCH_UP.toMillis());
                    result.put(j.name(), stop(j, savepointDir, true));
                } else {
                    result.put(j.name(), paths.get(j.name()).join());
                }
            }
        } finally {
            stopping.shutdown();
        }
        return result;
    }

    private String stop(SubmittedJob j, String savepointDir, boolean drain) {
        try {
            return flink.stopWithSavepoint(j.jobId(), savepointDir, FlinkRestClient.SAVEPOINT_TIMEOUT, drain);
        } catch (RuntimeException e) {
            flink.cancel(j.jobId());
            return "cancelled (" + e.getMessage() + ")";
        }
    }

    /** Cancels one job (used when a run fails before its jobs could be stopped cleanly). */
    public void cancel(SubmittedJob job) {
        flink.cancel(job.jobId());
    }

    static int parallelism(String job, Scenario s) {
        PathSettings p = s.paths();
        return switch (job) {
            case JobSettings.FAST -> p.fast().parallelism();
            case JobSettings.MEDIUM -> p.medium().parallelism();
            case JobSettings.SLOW -> p.slow().parallelism();
            default -> 1;
        };
    }

    /**
     * The spec of one job, sent as its program arguments ({@link JobSpec#toArgs()}): the scenario's path settings,
     * where {@code t} says the job reads and writes, and the job's defaults for what the scenario does not set.
     */
    static JobSpec spec(String job, Scenario s, JobTargets t) {
        PathSettings p = s.paths();
        long checkpointIntervalMs = job.equals(JobSettings.REPORT) ? Math.max(REPORT_CHECKPOINT_INTERVAL_MS,
                p.checkpointIntervalMs()) : p.checkpointIntervalMs();
        JobSettings settings = switch (job) {
            case JobSettings.FAST -> new JobSettings.Fast(p.fast().zThreshold(), null, null,
                    (long) p.fast().serviceTimeUs(), s.timeScale(), t.alertsTopic());
            case JobSettings.MEDIUM -> new JobSettings.Medium(jdbc(t), p.medium().batchSize(),
                    (long) p.medium().batchIntervalMs(), null, null);
            case JobSettings.SLOW -> new JobSettings.Slow(t.filesDir(), p.slow().rollSizeBytes(),
                    (long) p.slow().rollIntervalMs());
            // the paths' metric records arrive once per checkpoint: the report windows wait accordingly
            case JobSettings.REPORT -> new JobSettings.Report(jdbc(t), t.alertsTopic(),
                    (long) p.checkpointIntervalMs());
            default -> throw new IllegalArgumentException("unknown job " + job);
        };
        // the report job reads no telemetry: only the log topic and the alerts, which are always on Kafka
        JobSource source = job.equals(JobSettings.REPORT) ? null : Architecture.of(s).jobSource(s, t);
        if (source instanceof JobSource.Mqtt m && t.mqttSecurity(job) != null) {
            // each job connects to the MQTT broker as its own principal
            source = new JobSource.Mqtt(m.url(), m.topicFilters(), m.qos(), m.ack(), t.mqttSecurity(job));
        }
        return new JobSpec(t.runId(), null, checkpointIntervalMs, source, new JobSpec.Log(t.bootstrap(), t.logTopic()),
                settings, t.kafkaSecurity(job));
    }

    private static JobSettings.Jdbc jdbc(JobTargets t) {
        return new JobSettings.Jdbc(t.jdbcUrl(), t.jdbcUser(), t.jdbcPassword());
    }
}
