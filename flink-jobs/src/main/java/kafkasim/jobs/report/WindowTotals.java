package kafkasim.jobs.report;

/**
 * What {@link ReportAggregate} hands to {@link ReportWindowFunction} when a window fires: the sums and the
 * percentiles of the merged histogram (the histogram itself stays in the accumulator). Latency fields are in ms
 * and {@code null} when no latency was recorded in the window.
 */
public record WindowTotals(long received, long lost, long duplicates,
                           Double p50Ms, Double p90Ms, Double p99Ms, Double p999Ms, Double maxMs,
                           long alerts, long truePositives, long falsePositives, long falseNegatives,
                           long replayed, int subtasks, long records) {
}
