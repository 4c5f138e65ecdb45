package kafkasim.jobs.report;

/**
 * One validated metric record of one path's parallel subtask for one metric window (normally one second), as read
 * from the {@code data} of a log record with {@code topic = "metrics"}.
 *
 * <p>{@code latencyUs} is the record's latency histogram exactly as it came (HdrHistogram compressed encoding, µs,
 * base64 already removed); it was decoded once while validating, so decoding it again cannot fail. It stays
 * encoded between operators because that is its most compact form.
 *
 * @param runId         the run the record belongs to
 * @param path          {@code fast}, {@code medium} or {@code slow}
 * @param subtask       the reporting subtask's index (≥ 0)
 * @param windowStartMs start of the metric window, epoch ms (the record's event time)
 * @param windowMs      length of the metric window, ms (&gt; 0; 1000 by contract)
 * @param received      messages received in the window
 * @param lost          messages found missing (sequence gaps) in the window
 * @param duplicates    messages received again in the window
 * @param latencyUs     compressed HdrHistogram of end-to-end latency, µs; an empty array when absent (only
 *                      allowed when nothing was received)
 * @param alerts        alerts raised (fast path only, else 0)
 * @param truePositives alerts on messages that carry an injected anomaly (fast path only)
 * @param falsePositives alerts on normal messages (fast path only)
 * @param falseNegatives injected anomalies without an alert (fast path only)
 * @param replayed      messages written again after a restore (medium path only)
 */
public record MetricRecord(String runId, String path, int subtask, long windowStartMs, long windowMs,
                           long received, long lost, long duplicates, byte[] latencyUs,
                           long alerts, long truePositives, long falsePositives, long falseNegatives,
                           long replayed) {
}
