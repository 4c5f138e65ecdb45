package kafkasim.simulation.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kafkasim.common.metrics.PathCounters;
import kafkasim.common.metrics.SeqRanges;
import kafkasim.common.metrics.SliceTotals;

/**
 * Turns one path's metric records and the independent evidence into its {@code summary.json} entry, and says in
 * plain sentences what a reader must know: a backlog (the run ended before the path caught up: not a loss) and any
 * evidence that disagrees with the metric records.
 */
public final class PathAccounting {
    private PathAccounting() {
    }

    /**
     * The span after the warm-up in which throughput is measured: from the end of the warm-up to the generator's
     * stop, epoch ms.
     */
    public record Window(long fromMs, long toMs) {
        public double seconds() {
            return Math.max(0, toMs - fromMs) / 1000.0;
        }
    }

    /**
     * @param all        the path's totals over the whole run
     * @param measured   its totals from the end of the warm-up on (by completion time)
     * @param inWindow   its totals within {@code window} (for the rate)
     * @param sendErrors the producer's failed sends (the state files' counters)
     * @param failures   which seqs failed, per device
     * @param missing    the seqs the path skipped and never saw, per device ({@link PathMetrics#missing})
     */
    public static PathSummary summarize(String path, SliceTotals all, SliceTotals measured, SliceTotals inWindow,
                                        Window window, long produced, long sendErrors, SendFailures failures,
                                        Map<String, SeqRanges> missing, PathSummary.Evidence evidence) {
        LossSplit split = LossSplit.of(missing, failures);
        // a failed send the path neither skipped nor could have skipped (after the device's last acknowledged one)
        // reached it: the broker had the message after all
        long receivedUnacknowledged = Math.max(0, sendErrors - split.lostUnacknowledged() - failures.atTails());
        long backlog = produced - (all.received() - receivedUnacknowledged) - split.lostAcknowledged();
        if (backlog < 0) { // more arrived than that: failed sends at a device's tail reached the path too
            receivedUnacknowledged -= backlog;
            backlog = 0;
        }
        double rate = window.seconds() == 0 ? 0 : Math.round(10 * inWindow.received() / window.seconds()) / 10.0;
        PathSummary.Detection detection = null;
        if (path.equals("fast")) {
            PathCounters c = all.counters();
            long tp = c.truePositives();
            detection = new PathSummary.Detection(c.alerts(), ratio(tp, tp + c.falsePositives()),
                    ratio(tp, tp + c.falseNegatives()));
        }
        return new PathSummary(all.received(), split.lostAcknowledged() + split.lostUnacknowledged(),
                split.lostAcknowledged(), split.lostUnacknowledged(), backlog, all.duplicates(),
                receivedUnacknowledged == 0 ? null : receivedUnacknowledged, rate, LatencyMs.of(measured.latencyUs()),
                LatencyMs.of(all.latencyUs()), detection, path.equals("medium") ? all.counters().replayed() : null,
                evidence);
    }

    /**
     * What a reader must know about this path's figures.
     *
     * @param logBroker the broker keeps what it acknowledged until the consumer reads it (Kafka: a log with
     *                  offsets), so what a path has not completed is a backlog; an MQTT broker's queue for a
     *                  subscriber cannot be inspected from outside, so there it may be either
     */
    public static List<String> warnings(String path, PathSummary p, long produced, boolean logBroker) {
        List<String> w = new ArrayList<>();
        if (p.backlog() > 0) {
            w.add(logBroker
                    ? String.format("the %s path had not completed %,d of the %,d messages produced when the run"
                    + " ended: they are a backlog, still in the broker, not a loss", path, p.backlog(), produced)
                    : String.format("the %s path had not completed %,d of the %,d messages produced (acknowledged by"
                    + " the MQTT broker) when the run ended: still queued for it in the broker, or lost by the"
                    + " broker; MQTT gives no way to tell from outside, so they are counted as backlog, not as"
                    + " lost", path, p.backlog(), produced));
        }
        if (p.lostAcknowledged() > 0) {
            w.add(String.format("the %s path never saw %,d messages the broker had acknowledged (later messages of"
                    + " the same devices arrived): lost, a broken promise", path, p.lostAcknowledged()));
        }
        if (p.receivedUnacknowledged() != null) {
            w.add(String.format("the %s path received %,d messages whose send had failed: the producer stopped waiting"
                    + " for their acknowledgement, but the broker had them (in received, not in produced)", path,
                    p.receivedUnacknowledged()));
        }
        PathSummary.Evidence e = p.evidence();
        if (e == null) {
            return w;
        }
        if (e.rows() != null && e.rows() != p.received()) {
            w.add(String.format("the medium path's metric records count %,d messages but the database holds %,d rows"
                    + " (rows from an earlier run in the same database, or metric records that never arrived)",
                    p.received(), e.rows()));
        }
        if (e.distinctLines() != null && e.distinctLines() != p.received()) {
            w.add(String.format("the slow path's metric records count %,d messages but its committed files hold %,d"
                    + " distinct ones", p.received(), e.distinctLines()));
        }
        return w;
    }

    private static Double ratio(long a, long b) {
        return b == 0 ? null : Math.round(1000.0 * a / b) / 1000.0;
    }
}
