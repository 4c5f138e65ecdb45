package kafkasim.generator.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kafkasim.common.json.Json;
import kafkasim.common.metrics.Histograms;

/**
 * Sums the per-path metric records of one run ({@code "topic":"metrics"} lines of the log topic, one per path,
 * subtask and second): counts add up, latency histograms merge. Thread-safe; fed by {@link PathMetricsReader}.
 */
public final class PathMetrics {
    public static final List<String> PATHS = List.of("fast", "medium", "slow");
    static final String METRICS_TOPIC = "metrics";

    private final String runId;
    private final Map<String, PathTotals> totals = new TreeMap<>();
    private final Map<String, PathTotals> interval = new TreeMap<>();
    private long records;
    private long badRecords;

    public PathMetrics(String runId) {
        this.runId = runId;
        for (String path : PATHS) {
            totals.put(path, new PathTotals());
            interval.put(path, new PathTotals());
        }
    }

    /** Adds one log-topic line if it is a metric record of this run; anything else is ignored. */
    public synchronized void accept(byte[] line) {
        JsonNode data;
        try {
            JsonNode n = Json.mapper().readTree(line);
            if (!METRICS_TOPIC.equals(n.path("topic").asText())) {
                return;
            }
            data = n.path("data");
        } catch (Exception e) {
            badRecords++;
            return;
        }
        PathTotals whole = totals.get(data.path("path").asText());
        if (whole == null || !runId.equals(data.path("runId").asText())) {
            return;
        }
        records++;
        add(whole, data);
        add(interval.get(data.path("path").asText()), data);
    }

    private void add(PathTotals t, JsonNode data) {
        t.received += data.path("received").asLong();
        t.lost += data.path("lost").asLong();
        t.duplicates += data.path("duplicates").asLong();
        t.alerts += data.path("alerts").asLong();
        t.truePositives += data.path("truePositives").asLong();
        t.falsePositives += data.path("falsePositives").asLong();
        t.falseNegatives += data.path("falseNegatives").asLong();
        t.replayed += data.path("replayed").asLong();
        String latency = data.path("latencyUs").asText("");
        if (!latency.isEmpty()) {
            try {
                t.latencyUs.add(Histograms.decode(latency));
            } catch (IllegalArgumentException e) {
                badRecords++;
            }
        }
    }

    /** A snapshot of the totals of every path for the whole run so far. */
    public synchronized Map<String, PathTotals> totals() {
        Map<String, PathTotals> copy = new TreeMap<>();
        totals.forEach((k, v) -> copy.put(k, v.copy()));
        return copy;
    }

    /** Messages {@code path} completed so far (cheap: no histogram copy). */
    public synchronized long received(String path) {
        return totals.get(path).received;
    }

    /** The totals since the previous call (for per-second progress), then starts a new interval. */
    public synchronized Map<String, PathTotals> takeInterval() {
        Map<String, PathTotals> result = new TreeMap<>(interval);
        PATHS.forEach(p -> interval.put(p, new PathTotals()));
        return result;
    }

    public synchronized long records() {
        return records;
    }

    public synchronized long badRecords() {
        return badRecords;
    }
}
