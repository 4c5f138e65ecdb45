package kafkasim.jobs.fast;

/**
 * One alert of the fast path, written as JSON (in this field order) to the alerts topic, key = deviceId.
 *
 * @param runId        the run
 * @param deviceId     device that sent the reading
 * @param type         device type
 * @param seq          the reading's seq
 * @param sentAtUs     the reading's scheduled send time, epoch µs
 * @param detectedAtUs when the alert decision was made (after the simulated service time), epoch µs
 * @param field        the value field with the largest |z|
 * @param value        that field's reading
 * @param zScore       its z-score against the device's baseline
 * @param anomaly      ground truth from the envelope: true when the generator injected an anomaly
 */
public record Alert(String runId, String deviceId, String type, long seq, long sentAtUs, long detectedAtUs,
                    String field, double value, double zScore, boolean anomaly) {
}
