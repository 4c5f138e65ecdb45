package kafkasim.simulation.report;

import java.util.Map;
import kafkasim.common.metrics.SeqRanges;

/**
 * What a path never saw, split as Jepsen does by what the producer was told: {@code lostAcknowledged}, the broker
 * said yes and the path never saw it (a broken promise), and {@code lostUnacknowledged}, the producer was told the
 * send failed (or gave up waiting) and the path never saw it. Exact per message: the path's missing seqs (gaps it
 * skipped, less late arrivals) against the producer's failed seqs.
 */
public record LossSplit(long lostAcknowledged, long lostUnacknowledged) {
    /** @param missing the path's missing seqs per device ({@code PathMetrics.missing}) */
    public static LossSplit of(Map<String, SeqRanges> missing, SendFailures failures) {
        long acknowledged = 0;
        long unacknowledged = 0;
        for (Map.Entry<String, SeqRanges> e : missing.entrySet()) {
            long[] pairs = e.getValue().toArray();
            for (int i = 0; i < pairs.length; i += 2) {
                long failed = failures.failedIn(e.getKey(), pairs[i], pairs[i + 1]);
                unacknowledged += failed;
                acknowledged += pairs[i + 1] - pairs[i] + 1 - failed;
            }
        }
        return new LossSplit(acknowledged, unacknowledged);
    }
}
