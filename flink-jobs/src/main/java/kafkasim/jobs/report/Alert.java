package kafkasim.jobs.report;

/**
 * One alert of the fast path as published on the alerts topic, one row of the {@code alert} table.
 *
 * @param runId        the run
 * @param deviceId     the device whose message raised the alert
 * @param deviceType   the device's type (the message's {@code type})
 * @param seq          the message's sequence number
 * @param sentAtUs     the message's scheduled send time, epoch µs
 * @param detectedAtUs when the fast path raised the alert, epoch µs
 * @param field        the reading that looked anomalous ({@code null} if not given)
 * @param value        its value ({@code null} if not given)
 * @param zScore       its z-score against the device's history ({@code null} if not given)
 * @param anomaly      ground truth: whether the generator injected an anomaly into this message
 */
public record Alert(String runId, String deviceId, String deviceType, long seq, long sentAtUs, long detectedAtUs,
                    String field, Double value, Double zScore, boolean anomaly) {
}
