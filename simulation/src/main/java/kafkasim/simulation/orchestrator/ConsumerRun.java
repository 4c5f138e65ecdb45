package kafkasim.simulation.orchestrator;

import kafkasim.common.security.KafkaClientSecurity;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.SliceTotals;
import kafkasim.common.scenario.Scenario;
import kafkasim.simulation.faults.AppliedFault;
import kafkasim.simulation.report.CommittedFiles;
import kafkasim.simulation.report.PathAccounting;
import kafkasim.simulation.report.PathMetrics;
import kafkasim.simulation.report.PathMetricsReader;
import kafkasim.simulation.report.PathSummary;
import kafkasim.simulation.report.ResultsDatabase;
import kafkasim.simulation.report.SendFailures;
import kafkasim.simulation.submit.JobSubmitter;
import kafkasim.simulation.submit.JobTargets;

/**
 * The consumer side of a run: the Flink jobs are submitted before the generator starts, followed through their
 * metric records while it runs, drained after it stops (every path has completed everything produced, or the
 * drain timeout passed), stopped with a savepoint (which publishes their last metric records), and summarized from
 * their metric records, checked against evidence they did not write: the rows in the database, the lines in the
 * committed files.
 */
public final class ConsumerRun implements AutoCloseable {
    /** How long the reader may take to read the jobs' last metric records after they stopped. */
    static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(10);
    /** How often the drain reports where the paths stand. */
    static final long DRAIN_REPORT_NANOS = Duration.ofSeconds(5).toNanos();
    private final JobSubmitter submitter;
    private final Path jobsJar;
    private final JobTargets targets;
    private final Path localFilesDir;
    private final PrintStream out;
    /** The jobs that run now: replaced when a JobManager restart resubmits them. Guarded by this. */
    private List<JobSubmitter.SubmittedJob> jobs = List.of();
    /** Set once the jobs are being stopped: a JobManager restart then submits nothing that would outlive them. */
    private boolean stopping;
    private Scenario scenario;
    private PathMetricsReader reader;

    /**
     * @param localFilesDir the slow path's folder as this machine sees it, or null if it is elsewhere
     */
    public ConsumerRun(JobSubmitter submitter, Path jobsJar, JobTargets targets, Path localFilesDir, PrintStream out) {
        this.submitter = submitter;
        this.jobsJar = jobsJar;
        this.targets = targets;
        this.localFilesDir = localFilesDir;
        this.out = out;
    }

    void start(Scenario s, String hostBootstrap, KafkaClientSecurity readerSecurity) {
        long t0 = System.nanoTime();
        scenario = s;
        List<JobSubmitter.SubmittedJob> submitted = submitter.submit(jobsJar, s, targets);
        synchronized (this) {
            jobs = submitted;
        }
        out.printf("Flink jobs running in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, String.join("  ",
                submitted.stream().map(j -> j.name() + "=" + j.jobId()).toList()));
        reader = new PathMetricsReader(hostBootstrap, readerSecurity, targets.logTopic(), targets.runId());
    }

    /** The run's metric records as read so far (all of them once the jobs stopped). */
    public PathMetrics metrics() {
        return reader.metrics();
    }

    /**
     * Waits until every path's metric records account for {@code produced} messages (completed or found missing);
     * false if the timeout passed first. The records follow the paths' checkpoints, so the last ones of a path that
     * keeps up arrive about one checkpoint interval after its last message.
     */
    boolean drain(long produced, Duration timeout) throws InterruptedException {
        out.printf("draining: waiting until every path has completed %,d messages (at most %d s)%n", produced,
                timeout.toSeconds());
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextReport = start + DRAIN_REPORT_NANOS;
        while (!drained(produced) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            if (System.nanoTime() >= nextReport) {
                out.printf("draining (%d s): %s%n", (System.nanoTime() - start) / 1_000_000_000L, standing(produced));
                nextReport += DRAIN_REPORT_NANOS;
            }
        }
        boolean drained = drained(produced);
        out.printf("%s after %.1f s: %s%n", drained ? "drained" : "drain timed out",
                (System.nanoTime() - start) / 1e9, standing(produced));
        return drained;
    }

    private boolean drained(long produced) {
        PathMetrics m = reader.metrics();
        return PathMetrics.PATHS.stream().allMatch(p -> m.received(p) + m.lost(p) >= produced);
    }

    private String standing(long produced) {
        PathMetrics m = reader.metrics();
        StringBuilder sb = new StringBuilder();
        for (String p : PathMetrics.PATHS) {
            long left = Math.max(0, produced - m.received(p) - m.lost(p));
            sb.append(String.format("%s%s %,d%s", sb.length() == 0 ? "" : "  ", p, m.received(p),
                    left == 0 ? "" : String.format(" (%,d to go)", left)));
        }
        return sb.toString();
    }

    /**
     * Stops the jobs with a savepoint (its completion commits the slow path's last files and publishes every path's
     * last metric records) and reads the log topic up to its end.
     */
    void stopJobs(String savepointDir) throws InterruptedException {
        List<JobSubmitter.SubmittedJob> running;
        synchronized (this) { // waits for a resubmission in progress: its jobs are the ones to stop
            stopping = true;
            running = jobs;
        }
        Map<String, String> stopped = submitter.stop(running, savepointDir);
        out.println("Flink jobs stopped: " + stopped);
        synchronized (this) {
            jobs = List.of();
        }
        boolean caughtUp = reader.catchUp(CATCH_UP_TIMEOUT);
        PathMetrics m = reader.metrics();
        out.printf("metric records%s: fast %,d  medium %,d  slow %,d received (%,d records, %,d republished after a "
                        + "restore and dropped, %,d malformed)%n", caughtUp ? "" : " (log topic not read to its end)",
                m.received("fast"), m.received("medium"), m.received("slow"), m.records(), m.republished(),
                m.badRecords());
        if (m.badRecords() > 0) {
            out.println("last malformed metric record: " + m.lastProblem());
        }
    }

    /**
     * Every path's summary from its metric records, with the evidence; what a reader must know goes to
     * {@code warnings}.
     *
     * @param window after the warm-up until the generator stopped (throughput)
     */
    Map<String, PathSummary> summarize(long produced, long sendErrors, SendFailures failures,
                                       PathAccounting.Window window, Warnings warnings) throws Exception {
        PathMetrics m = reader.metrics();
        Map<String, SliceTotals> all = m.totals();
        CommittedFiles files = localFilesDir == null ? null : CommittedFiles.count(localFilesDir);
        Map<String, PathSummary> paths = new LinkedHashMap<>();
        for (String path : PathMetrics.PATHS) {
            PathSummary summary = PathAccounting.summarize(path, all.get(path), m.totalsFrom(path, window.fromMs()),
                    m.totalsIn(path, window.fromMs(), window.toMs()), window, produced, sendErrors, failures,
                    m.missing(path), evidence(path, files));
            paths.put(path, summary);
            PathAccounting.warnings(path, summary, produced, targets.mqttUrl() == null).forEach(warnings::add);
        }
        return paths;
    }

    /** What the path's own output says; a part that cannot be read is left out (and said so). */
    private PathSummary.Evidence evidence(String path, CommittedFiles files) {
        return switch (path) {
            case "medium" -> {
                Long rows = null;
                try {
                    rows = ResultsDatabase.telemetryRows(targets.jdbcUrl(), targets.jdbcUser(),
                            targets.jdbcPassword());
                } catch (Exception e) {
                    out.println("could not count the medium path's rows: " + e.getMessage());
                }
                yield new PathSummary.Evidence(rows, null, null, null);
            }
            case "slow" -> files == null ? null
                    : new PathSummary.Evidence(null, files.files(), files.lines(), files.distinct());
            default -> null;
        };
    }

    /** The run's jobs as they run now (after a JobManager restart, the ones resubmitted to it). */
    synchronized List<JobSubmitter.SubmittedJob> jobs() {
        return jobs;
    }

    /**
     * Submits the run's jobs again, to a JobManager that knows none of them (it was restarted), each restored from
     * the checkpoint folder {@code restoreFrom} names for it (the others start fresh), and makes them the jobs the
     * run stops at the end. Returns them, running.
     *
     * @throws IllegalStateException if the run is already stopping its jobs
     */
    synchronized List<JobSubmitter.SubmittedJob> resubmit(Map<String, String> restoreFrom) {
        if (stopping) {
            throw new IllegalStateException("the run is stopping its jobs: not resubmitted");
        }
        try {
            jobs = submitter.submit(jobsJar, scenario, targets, restoreFrom);
        } catch (RuntimeException e) {
            jobs = List.of(); // the old ones died with their JobManager: nothing is left to stop at the end
            throw e;
        }
        return jobs;
    }

    /** Each path's metric slices as accepted (completion seconds), for the faults' recovery times. */
    Map<String, List<MetricSlice>> slicesByPath() {
        PathMetrics m = reader.metrics();
        Map<String, List<MetricSlice>> slices = new LinkedHashMap<>();
        PathMetrics.PATHS.forEach(p -> slices.put(p, m.slices(p)));
        return slices;
    }

    /**
     * {@code windows.csv}; windows that start before {@code warmupEndMs} are marked {@code warmup=true}, and each
     * window names the faults in force during it ({@code faults}, e.g. {@code kill-broker 1}).
     */
    void writeWindowsCsv(Path file, long warmupEndMs, List<AppliedFault> faults) throws Exception {
        int rows = ResultsDatabase.exportWindows(targets.jdbcUrl(), targets.jdbcUser(), targets.jdbcPassword(),
                targets.runId(), warmupEndMs, file, (startMs, lengthMs) -> faultsDuring(faults, startMs,
                        startMs + lengthMs));
        out.printf("windows.csv: %d report windows%n", rows);
    }

    /** The faults in force at some point of [fromMs, toMs), joined by "; ". */
    static String faultsDuring(List<AppliedFault> faults, long fromMs, long toMs) {
        return String.join("; ", faults.stream().filter(f -> f.applied() != null)
                .filter(f -> f.appliedAtMs() < toMs && Math.max(f.endedAtMs(), f.appliedAtMs() + 1) > fromMs)
                .map(AppliedFault::label).toList());
    }

    @Override
    public void close() throws InterruptedException {
        List<JobSubmitter.SubmittedJob> left = jobs();
        if (!left.isEmpty()) {
            left.forEach(j -> {
                try {
                    submitter.cancel(j);
                } catch (RuntimeException e) {
                    out.println("could not cancel " + j + ": " + e.getMessage());
                }
            });
        }
        if (reader != null) {
            reader.close();
        }
    }
}
