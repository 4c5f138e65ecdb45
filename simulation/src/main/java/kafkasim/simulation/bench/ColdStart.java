package kafkasim.simulation.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import kafkasim.simulation.orchestrator.Infrastructure;
import kafkasim.simulation.report.PathMetrics;

/**
 * Bench part (c): how long a user waits, from the command (the start of this JVM) until every path has completed
 * its first message, on the path {@code kafkasim run} takes: the embedded infrastructure (already started by the
 * bench, timed from the command), then a short run's topics, jobs and generator. A path's first completion is known
 * to the second it fell in (metric records count per second), so each figure is the end of that second: an upper
 * bound, at most one second high.
 *
 * @param infrastructureSec  command → Kafka, PostgreSQL and Flink all up
 * @param firstCompletedSec  per path: command → end of the second of its first completed message
 * @param coldStartSec       the slowest path's figure
 */
record ColdStart(double infrastructureSec, Map<String, Double> firstCompletedSec, double coldStartSec) {

    static ColdStart measure(long commandMs, long infrastructureReadyMs, Infrastructure infra, Path jobsJar,
                             Path dir) throws Exception {
        ProbeRun.Outcome o = ProbeRun.run(SCENARIO, infra, jobsJar, dir);
        Map<String, Double> first = new LinkedHashMap<>();
        double slowest = 0;
        for (String path : PathMetrics.PATHS) {
            long secondMs = o.metrics().firstCompletedSecondMs(path);
            if (secondMs < 0) {
                throw new IllegalStateException("the " + path + " path completed no message in the cold-start run"
                        + " (see " + o.result().file().getParent() + ")");
            }
            double sec = seconds(secondMs + 1000 - commandMs);
            first.put(path, sec);
            slowest = Math.max(slowest, sec);
        }
        return new ColdStart(seconds(infrastructureReadyMs - commandMs), first, slowest);
    }

    private static double seconds(long ms) {
        return Math.round(ms / 100.0) / 10.0;
    }

    /** A small run of the default paths (1,000 msg/s of 256 B): how soon, not how much. */
    static final String SCENARIO = """
            { "name": "cold-start", "durationSec": 10,
              "kafka": { "topic": "bench.cold-start", "partitions": 3, "logTopic": "bench.cold-start.log",
                         "alertsTopic": "bench.cold-start.alerts" },
              "devices": [ { "type": "cold", "count": 100, "ratePerSec": 10, "payloadBytes": 256 } ] }
            """;
}
