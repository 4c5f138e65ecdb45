package kafkasim.generator.orchestrator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kafkasim.common.scenario.Scenario;
import kafkasim.generator.report.CommittedFiles;
import kafkasim.generator.report.LatencyMs;
import kafkasim.generator.report.PathMetrics;
import kafkasim.generator.report.PathMetricsReader;
import kafkasim.generator.report.PathSummary;
import kafkasim.generator.report.PathTotals;
import kafkasim.generator.report.ResultsDatabase;
import kafkasim.generator.submit.JobSubmitter;
import kafkasim.generator.submit.JobTargets;

/**
 * The consumer side of a run: the Flink jobs are submitted before the generator starts, followed through their
 * metric records while it runs, drained after it stops (every path has completed everything produced, or the
 * drain timeout passed), stopped with a savepoint, and finally checked against their own output.
 */
public final class ConsumerRun implements AutoCloseable {
    private final JobSubmitter submitter;
    private final Path jobsJar;
    private final JobTargets targets;
    private final Path localFilesDir;
    private final PrintStream out;
    private List<JobSubmitter.SubmittedJob> jobs = List.of();
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

    void start(Scenario s, String hostBootstrap) {
        long t0 = System.nanoTime();
        jobs = submitter.submit(jobsJar, s, targets);
        out.printf("Flink jobs running in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, jobs);
        reader = new PathMetricsReader(hostBootstrap, targets.logTopic(), targets.runId());
    }

    PathMetrics metrics() {
        return reader.metrics();
    }

    /** Waits until every path has completed {@code produced} messages; false if the timeout passed first. */
    boolean drain(long produced, Duration timeout) throws InterruptedException {
        out.printf("draining: waiting until every path has completed %,d messages (at most %d s)%n", produced,
                timeout.toSeconds());
        boolean done = reader.await(t -> PathMetrics.PATHS.stream().allMatch(p -> t.get(p).received() >= produced),
                timeout);
        Map<String, PathTotals> t = reader.metrics().totals();
        out.printf("drained%s: fast %,d  medium %,d  slow %,d%n", done ? "" : " (timeout)", t.get("fast").received(),
                t.get("medium").received(), t.get("slow").received());
        return done;
    }

    /** Stops the jobs with a savepoint (the final checkpoint commits the slow path's last files). */
    void stopJobs(String savepointDir) {
        Map<String, String> stopped = submitter.stop(jobs, savepointDir);
        out.println("Flink jobs stopped: " + stopped);
        jobs = List.of();
    }

    /** Per-path summary: counts from each path's own output where it can be checked, latency from metrics. */
    Map<String, PathSummary> summarize(long produced) throws Exception {
        Map<String, PathTotals> t = reader.metrics().totals();
        Map<String, PathSummary> paths = new LinkedHashMap<>();
        PathTotals fast = t.get("fast");
        // processed more often than produced can only be repeats (replays after a restore, repeats in the topic)
        long fastDuplicates = Math.max(fast.duplicates(), fast.received() - produced);
        long tp = fast.truePositives();
        paths.put("fast", new PathSummary(fast.received(), Math.max(0, produced - (fast.received() - fastDuplicates)),
                fastDuplicates, LatencyMs.of(fast.latencyUs()), fast.alerts(),
                ratio(tp, tp + fast.falsePositives()), ratio(tp, tp + fast.falseNegatives()), null, null));

        PathTotals medium = t.get("medium");
        long rows = ResultsDatabase.telemetryRows(targets.jdbcUrl(), targets.jdbcUser(), targets.jdbcPassword());
        // rows are unique by (device_id, seq): a repeat is never stored twice
        paths.put("medium", new PathSummary(rows, Math.max(0, produced - rows), 0, LatencyMs.of(medium.latencyUs()),
                null, null, null, medium.replayed(), null));

        PathTotals slow = t.get("slow");
        if (localFilesDir != null) {
            CommittedFiles files = CommittedFiles.count(localFilesDir);
            paths.put("slow", new PathSummary(files.lines(), Math.max(0, produced - files.distinct()),
                    files.duplicates(), LatencyMs.of(slow.latencyUs()), null, null, null, null, files.files()));
        } else {
            paths.put("slow", new PathSummary(slow.received(), Math.max(0, produced - slow.received()),
                    slow.duplicates(), LatencyMs.of(slow.latencyUs()), null, null, null, null, null));
        }
        return paths;
    }

    void writeWindowsCsv(Path file) throws Exception {
        int rows = ResultsDatabase.exportWindows(targets.jdbcUrl(), targets.jdbcUser(), targets.jdbcPassword(),
                targets.runId(), file);
        out.printf("windows.csv: %d report windows%n", rows);
    }

    private static Double ratio(long a, long b) {
        return b == 0 ? null : Math.round(1000.0 * a / b) / 1000.0;
    }

    @Override
    public void close() throws InterruptedException {
        if (!jobs.isEmpty()) {
            jobs.forEach(j -> {
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
