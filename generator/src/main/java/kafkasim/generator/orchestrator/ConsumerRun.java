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
    /**
     * Metrics that have not moved for this long plus two path checkpoint intervals (records come once per
     * checkpoint) make the drain look at a path's output instead.
     */
    static final long STALLED_NANOS = Duration.ofSeconds(3).toNanos();
    /** A path without output to check (fast): metrics still for this long plus two checkpoints end its drain. */
    static final long FAST_STALLED_NANOS = Duration.ofSeconds(10).toNanos();
    /** How long the reader may take to read the jobs' last metric records after they stopped. */
    static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(10);
    private final JobSubmitter submitter;
    private final Path jobsJar;
    private final JobTargets targets;
    private final Path localFilesDir;
    private final PrintStream out;
    private List<JobSubmitter.SubmittedJob> jobs = List.of();
    private PathMetricsReader reader;
    private long checkpointNanos;

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
        checkpointNanos = Duration.ofMillis(s.paths().checkpointIntervalMs()).toNanos();
        long t0 = System.nanoTime();
        jobs = submitter.submit(jobsJar, s, targets);
        out.printf("Flink jobs running in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, String.join("  ",
                jobs.stream().map(j -> j.name() + "=" + j.jobId()).toList()));
        reader = new PathMetricsReader(hostBootstrap, targets.logTopic(), targets.runId());
    }

    PathMetrics metrics() {
        return reader.metrics();
    }

    /**
     * Waits until every path has completed {@code produced} messages; false if the timeout passed first. A path's
     * metric records are the signal (they follow the checkpoints, so they count every message once, also after a
     * restore); when they stall short of the goal the path's own output decides: rows in the database, lines in the
     * files (the records of what is not yet in a completed checkpoint come with the final savepoint).
     */
    boolean drain(long produced, Duration timeout) throws Exception {
        out.printf("draining: waiting until every path has completed %,d messages (at most %d s)%n", produced,
                timeout.toSeconds());
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> lastReceived = new LinkedHashMap<>();
        Map<String, Long> stalledSince = new LinkedHashMap<>();
        java.util.Set<String> done = new java.util.TreeSet<>();
        while (done.size() < PathMetrics.PATHS.size() && System.nanoTime() < deadline) {
            for (String path : PathMetrics.PATHS) {
                if (!done.contains(path) && isDrained(path, produced, lastReceived, stalledSince)) {
                    done.add(path);
                }
            }
            Thread.sleep(250);
        }
        Map<String, PathTotals> t = reader.metrics().totals();
        out.printf("drained%s: metrics say fast %,d  medium %,d  slow %,d%n",
                done.size() == PathMetrics.PATHS.size() ? "" : " (timeout; not drained: " + notDone(done) + ")",
                t.get("fast").received(), t.get("medium").received(), t.get("slow").received());
        return done.size() == PathMetrics.PATHS.size();
    }

    /** One drain check of one path; {@code lastReceived} and {@code stalledSince} carry its state between checks. */
    private boolean isDrained(String path, long produced, Map<String, Long> lastReceived,
                              Map<String, Long> stalledSince) throws Exception {
        long received = reader.metrics().received(path);
        if (received >= produced) {
            return true;
        }
        if (!Long.valueOf(received).equals(lastReceived.put(path, received))) {
            stalledSince.put(path, System.nanoTime());
            return false;
        }
        long stalledNanos = System.nanoTime() - stalledSince.get(path);
        if (hasOutput(path)) {
            return stalledNanos > STALLED_NANOS + 2 * checkpointNanos
                    && completedByOutput(path, stalledSince) >= produced;
        }
        if (stalledNanos > FAST_STALLED_NANOS + 2 * checkpointNanos) {
            // nothing else to check: the summary reports the shortfall as unaccounted
            out.printf("%s path metrics stalled at %,d of %,d%n", path, received, produced);
            return true;
        }
        return false;
    }

    private static List<String> notDone(java.util.Set<String> done) {
        return PathMetrics.PATHS.stream().filter(p -> !done.contains(p)).toList();
    }

    /** Whether the path's own output can be counted from here (the fast path has none). */
    private boolean hasOutput(String path) {
        return path.equals("medium") || path.equals("slow") && localFilesDir != null;
    }

    /**
     * Distinct messages in the path's own output. Restarts the
     * path's stall clock, so a large output is read once per stall period, not on every poll.
     */
    private long completedByOutput(String path, Map<String, Long> stalledSince) throws Exception {
        stalledSince.put(path, System.nanoTime());
        return switch (path) {
            case "medium" -> ResultsDatabase.telemetryRows(targets.jdbcUrl(), targets.jdbcUser(),
                    targets.jdbcPassword());
            case "slow" -> CommittedFiles.count(localFilesDir).distinct();
            default -> throw new IllegalArgumentException(path + " has no output to count");
        };
    }

    /**
     * Stops the jobs with a savepoint (its completion commits the slow path's last files and publishes every path's
     * last metric records) and reads the log topic up to its end.
     */
    void stopJobs(String savepointDir) throws InterruptedException {
        Map<String, String> stopped = submitter.stop(jobs, savepointDir);
        out.println("Flink jobs stopped: " + stopped);
        jobs = List.of();
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

    /** Per-path summary: counts from each path's own output where it can be checked, latency from metrics. */
    Map<String, PathSummary> summarize(long produced) throws Exception {
        Map<String, PathTotals> t = reader.metrics().totals();
        Map<String, PathSummary> paths = new LinkedHashMap<>();
        PathTotals fast = t.get("fast");
        // processed more often than produced can only be repeats (replays after a restore, repeats in the topic)
        long fastDuplicates = Math.max(fast.duplicates(), fast.received() - produced);
        long tp = fast.truePositives();
        // the fast path has no output that holds every message: its lost are the seq gaps it saw (in checkpointed
        // state, so consistent across a restore); what no metric record covers is reported as unaccounted
        paths.put("fast", new PathSummary(fast.received(), fast.lost(), fastDuplicates,
                LatencyMs.of(fast.latencyUs()), fast.alerts(), ratio(tp, tp + fast.falsePositives()),
                ratio(tp, tp + fast.falseNegatives()), null, null,
                Math.max(0, produced - (fast.received() - fastDuplicates))));

        PathTotals medium = t.get("medium");
        long rows = ResultsDatabase.telemetryRows(targets.jdbcUrl(), targets.jdbcUser(), targets.jdbcPassword());
        // rows are unique by (device_id, seq): a repeat is never stored twice
        paths.put("medium", new PathSummary(rows, Math.max(0, produced - rows), 0, LatencyMs.of(medium.latencyUs()),
                null, null, null, medium.replayed(), null, null));

        PathTotals slow = t.get("slow");
        if (localFilesDir != null) {
            CommittedFiles files = CommittedFiles.count(localFilesDir);
            paths.put("slow", new PathSummary(files.lines(), Math.max(0, produced - files.distinct()),
                    files.duplicates(), LatencyMs.of(slow.latencyUs()), null, null, null, null, files.files(), null));
        } else {
            paths.put("slow", new PathSummary(slow.received(), Math.max(0, produced - slow.received()),
                    slow.duplicates(), LatencyMs.of(slow.latencyUs()), null, null, null, null, null, null));
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
