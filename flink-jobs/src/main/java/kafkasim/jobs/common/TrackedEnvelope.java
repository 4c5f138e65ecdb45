package kafkasim.jobs.common;

import kafkasim.common.envelope.Envelope;

/**
 * An envelope after {@link SeqTracker}, with what the tracker found out about its device's sequence. The counts
 * travel with the record so that a path's last operator adds them to the metrics of the interval in which the
 * record completes the path (exactly like {@code received}).
 *
 * @param envelope  the envelope ({@code pad} dropped)
 * @param lost      seqs missing just before this one (0 when it was the next expected seq)
 * @param duplicate true when this seq was below the next expected one (a repeat)
 */
public record TrackedEnvelope(Envelope envelope, long lost, boolean duplicate) {
}
