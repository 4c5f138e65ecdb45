package kafkasim.jobs.common;

import kafkasim.common.envelope.Envelope;
import kafkasim.jobs.common.metrics.SliceAccumulator;

/**
 * An envelope after {@link SeqTracker}, with what the tracker found out about its device's sequence. The counts
 * travel with the record so that a path's last operator adds them to the metrics of the interval in which the
 * record completes the path (exactly like {@code received}).
 *
 * @param envelope  the envelope ({@code pad} dropped)
 * @param lost      seqs missing just before this one (0 when it was the next expected seq)
 * @param duplicate true when this seq was seen before (a repeat)
 * @param filled    true when this seq was counted lost before and arrived late (not a repeat: the path completes
 *                  it now, and readers take it out of the lost seqs)
 */
public record TrackedEnvelope(Envelope envelope, long lost, boolean duplicate, boolean filled) {
    public TrackedEnvelope {
        if (lost < 0 || duplicate && (filled || lost > 0) || filled && lost > 0) {
            throw new IllegalArgumentException("inconsistent tracking: lost " + lost + ", duplicate " + duplicate
                    + ", filled " + filled);
        }
    }

    /** Counts what the tracker found into {@code slice} (the message itself is counted by the caller). */
    public void countInto(SliceAccumulator slice) {
        slice.tracked(envelope.deviceId(), envelope.seq(), lost, duplicate, filled);
    }
}
