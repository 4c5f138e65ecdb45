package kafkasim.common.metrics;

/**
 * Seqs {@code fromSeq..toSeq} (inclusive) of one device: a gap a path found in the device's sequence, or (one seq)
 * a gap it found filled later.
 */
public record SeqRange(String deviceId, long fromSeq, long toSeq) {
    public SeqRange {
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException("deviceId must not be empty");
        }
        if (fromSeq < 0 || toSeq < fromSeq) {
            throw new IllegalArgumentException("bad seq range " + fromSeq + ".." + toSeq + " of " + deviceId);
        }
    }

    /** One seq. */
    public static SeqRange of(String deviceId, long seq) {
        return new SeqRange(deviceId, seq, seq);
    }

    /** How many seqs it holds. */
    public long size() {
        return toSeq - fromSeq + 1;
    }
}
