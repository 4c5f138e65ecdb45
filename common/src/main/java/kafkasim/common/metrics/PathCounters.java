package kafkasim.common.metrics;

import java.util.List;
import java.util.Map;

/**
 * The path-specific counters of a {@link MetricSlice}. Every path has its own subset ({@link #names(String)}): the
 * fast path counts alerts and detection quality, the medium path replays, the slow path none. In JSON a slice carries
 * exactly its path's counters; in Java every slice has all five, the others 0, so readers simply add them up.
 *
 * @param alerts         fast: alerts raised
 * @param truePositives  fast: alerts on messages that carry an injected anomaly
 * @param falsePositives fast: alerts on normal messages
 * @param falseNegatives fast: injected anomalies without an alert
 * @param replayed       medium: committed rows the primary key skipped (written before; informational)
 */
public record PathCounters(long alerts, long truePositives, long falsePositives, long falseNegatives,
                           long replayed) {
    public static final PathCounters ZERO = new PathCounters(0, 0, 0, 0, 0);
    public static final String ALERTS = "alerts";
    public static final String TRUE_POSITIVES = "truePositives";
    public static final String FALSE_POSITIVES = "falsePositives";
    public static final String FALSE_NEGATIVES = "falseNegatives";
    public static final String REPLAYED = "replayed";
    private static final Map<String, List<String>> BY_PATH = Map.of(
            PathMetricRecord.FAST, List.of(ALERTS, TRUE_POSITIVES, FALSE_POSITIVES, FALSE_NEGATIVES),
            PathMetricRecord.MEDIUM, List.of(REPLAYED),
            PathMetricRecord.SLOW, List.of());
    /** Every counter name of every path. */
    public static final List<String> ALL = List.of(ALERTS, TRUE_POSITIVES, FALSE_POSITIVES, FALSE_NEGATIVES, REPLAYED);

    public PathCounters {
        if (alerts < 0 || truePositives < 0 || falsePositives < 0 || falseNegatives < 0 || replayed < 0) {
            throw new IllegalArgumentException("counters must be >= 0: " + alerts + ", " + truePositives + ", "
                    + falsePositives + ", " + falseNegatives + ", " + replayed);
        }
    }

    /** The counters records of {@code path} carry, in their JSON order. */
    public static List<String> names(String path) {
        List<String> names = BY_PATH.get(path);
        if (names == null) {
            throw new IllegalArgumentException("unknown path " + path + " (paths: " + PathMetricRecord.PATHS + ")");
        }
        return names;
    }

    /** The counter called {@code name} (one of {@link #ALL}). */
    public long get(String name) {
        return switch (name) {
            case ALERTS -> alerts;
            case TRUE_POSITIVES -> truePositives;
            case FALSE_POSITIVES -> falsePositives;
            case FALSE_NEGATIVES -> falseNegatives;
            case REPLAYED -> replayed;
            default -> throw new IllegalArgumentException("no counter " + name);
        };
    }

    /** Counters from values by name; names not given are 0. */
    public static PathCounters of(Map<String, Long> values) {
        for (String name : values.keySet()) {
            if (!ALL.contains(name)) {
                throw new IllegalArgumentException("no counter " + name);
            }
        }
        return new PathCounters(values.getOrDefault(ALERTS, 0L), values.getOrDefault(TRUE_POSITIVES, 0L),
                values.getOrDefault(FALSE_POSITIVES, 0L), values.getOrDefault(FALSE_NEGATIVES, 0L),
                values.getOrDefault(REPLAYED, 0L));
    }

    public PathCounters plus(PathCounters o) {
        return new PathCounters(alerts + o.alerts, truePositives + o.truePositives, falsePositives + o.falsePositives,
                falseNegatives + o.falseNegatives, replayed + o.replayed);
    }

    /** Whether every counter that {@code path} does not carry is 0. */
    public boolean fits(String path) {
        List<String> names = names(path);
        return ALL.stream().allMatch(n -> names.contains(n) || get(n) == 0);
    }
}
