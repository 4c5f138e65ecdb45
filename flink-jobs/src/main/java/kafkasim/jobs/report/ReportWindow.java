package kafkasim.jobs.report;

/**
 * One row of the {@code report_window} table: one path's totals over one event-time window.
 *
 * @param runId          the run
 * @param windowMs       window length, ms (1000 or 10000)
 * @param windowStartMs  window start, epoch ms (inclusive; the window ends at {@code windowStartMs + windowMs})
 * @param path           {@code fast}, {@code medium} or {@code slow}
 * @param received       messages received
 * @param lost           messages missing (sequence gaps)
 * @param duplicates     messages received again
 * @param ratePerSec     {@code received} per second of window length
 * @param p50Ms          median end-to-end latency, ms, from the merged histogram; {@code null} if none recorded
 * @param p90Ms          90th percentile, ms (or {@code null})
 * @param p99Ms          99th percentile, ms (or {@code null})
 * @param p999Ms         99.9th percentile, ms (or {@code null})
 * @param maxMs          maximum, ms (or {@code null})
 * @param alerts         alerts raised (fast path)
 * @param truePositives  alerts on injected anomalies (fast path)
 * @param falsePositives alerts on normal messages (fast path)
 * @param falseNegatives injected anomalies without alert (fast path)
 * @param replayed       rows written again after a restore (medium path)
 * @param subtasks       distinct subtasks that reported in the window
 */
public record ReportWindow(String runId, long windowMs, long windowStartMs, String path,
                           long received, long lost, long duplicates, double ratePerSec,
                           Double p50Ms, Double p90Ms, Double p99Ms, Double p999Ms, Double maxMs,
                           long alerts, long truePositives, long falsePositives, long falseNegatives,
                           long replayed, int subtasks) {
}
