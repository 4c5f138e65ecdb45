package kafkasim.jobs.medium;

/**
 * One row of the {@code telemetry} table (the flattened envelope) plus what the seq tracker found, which the sink
 * adds to the path metrics when the row's batch commits.
 *
 * @param deviceId     {@code device_id}
 * @param seq          {@code seq}
 * @param deviceType   {@code device_type}
 * @param sentAtUs     {@code sent_at}, epoch µs
 * @param anomaly      {@code anomaly} (ground truth)
 * @param readingsJson {@code readings}, a JSON object (see {@link Readings})
 * @param lost         seqs missing just before this one
 * @param duplicate    true when the seq tracker saw this seq before
 * @param filled       true when the seq tracker had counted this seq lost before (a late arrival)
 */
public record TelemetryRow(String deviceId, long seq, String deviceType, long sentAtUs, boolean anomaly,
                           String readingsJson, long lost, boolean duplicate, boolean filled) {
}
