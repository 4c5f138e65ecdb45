package kafkasim.simulation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import kafkasim.common.metrics.Histograms;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathCounters;
import kafkasim.common.metrics.SeqRanges;
import kafkasim.common.metrics.SliceTotals;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PathAccountingTest {
    static final PathAccounting.Window TEN_SECONDS = new PathAccounting.Window(1_000_000, 1_010_000);

    private static SliceTotals totals(long received, long lost, long duplicates, long latencyUs) {
        Histogram h = Histograms.create();
        if (received > 0) {
            h.recordValueWithCount(latencyUs, received);
        }
        return SliceTotals.of(List.of(new MetricSlice(1_000_000, 1000, received, lost, duplicates,
                Histograms.encode(h), new PathCounters(0, 0, 0, 0, 0))));
    }

    @Test
    void whatThePathHadNotCompletedIsABacklogNotALoss() {
        PathSummary p = PathAccounting.summarize("medium", totals(700, 0, 0, 5000), totals(600, 0, 0, 5000),
                totals(500, 0, 0, 5000), TEN_SECONDS, 1000, 0, SendFailures.NONE, Map.of(),
                new PathSummary.Evidence(700L, null, null, null));
        assertEquals(700, p.received());
        assertEquals(0, p.lost());
        assertEquals(300, p.backlog());
        assertEquals(p.received() + p.lostAcknowledged() + p.backlog(), 1000, "received + lost + backlog == produced");
        assertEquals(50.0, p.ratePerSec(), "500 in the 10 s after the warm-up");
        assertEquals(600, p.latencyMs().count(), "after the warm-up");
        assertEquals(700, p.latencyMsAllRun().count());
        assertEquals(0, p.replayed());
        assertNull(p.detection());
        List<String> w = PathAccounting.warnings("medium", p, 1000, true);
        assertEquals(List.of("the medium path had not completed 300 of the 1,000 messages produced when the run ended:"
                + " they are a backlog, still in the broker, not a loss"), w, "the rows agree: nothing else");
        assertTrue(PathAccounting.warnings("medium", p, 1000, false).get(0).contains("still queued for it in the"
                + " broker, or lost by the broker; MQTT gives no way to tell from outside"), "an MQTT run says less");
    }

    @Test
    void gapsAreSplitByWhatTheProducerWasToldPerSeq() {
        // device t-0 used seqs 0..1001: 1,000 acknowledged, 100 and 101 failed; the path skipped 100..111
        SendFailures failures = new SendFailures(Map.of("t-0", new long[] {100, 101}), Map.of("t-0", 1002L));
        PathSummary p = PathAccounting.summarize("fast", totals(990, 12, 3, 100), totals(990, 12, 3, 100),
                totals(990, 12, 3, 100), TEN_SECONDS, 1000, 2, failures, Map.of("t-0", gap(100, 111)), null);
        assertEquals(12, p.lost());
        assertEquals(10, p.lostAcknowledged(), "acknowledged, never seen: a broken promise");
        assertEquals(2, p.lostUnacknowledged(), "the two failed sends");
        assertEquals(0, p.backlog());
        assertNull(p.receivedUnacknowledged());
        assertEquals(1000, p.received() + p.lostAcknowledged() + p.backlog(), "the invariant");
        assertEquals(3, p.duplicates());
        assertEquals(0, p.detection().alerts());
        assertNull(p.detection().precision(), "no alerts: undefined, not 0");
        assertEquals(List.of("the fast path never saw 10 messages the broker had acknowledged (later messages of the"
                + " same devices arrived): lost, a broken promise"), PathAccounting.warnings("fast", p, 1000, true));
    }

    @Test
    void failedSendsAtADevicesTailCannotBeSkippedNorLostButMayArrive() {
        // t-0: seqs 0..99 acknowledged, its last ten (100..109) failed
        SendFailures failures = new SendFailures(Map.of("t-0", new long[] {100, 101, 102, 103, 104, 105, 106, 107,
                108, 109}), Map.of("t-0", 110L));
        assertEquals(10, failures.atTails());
        PathSummary p = PathAccounting.summarize("slow", totals(100, 0, 0, 1), totals(100, 0, 0, 1),
                totals(100, 0, 0, 1), TEN_SECONDS, 100, 10, failures, Map.of(), null);
        assertEquals(0, p.lost());
        assertEquals(0, p.backlog());
        assertNull(p.receivedUnacknowledged());
        PathSummary oneArrived = PathAccounting.summarize("slow", totals(101, 0, 0, 1), totals(101, 0, 0, 1),
                totals(101, 0, 0, 1), TEN_SECONDS, 100, 10, failures, Map.of(), null);
        assertEquals(1, oneArrived.receivedUnacknowledged(), "the broker had one of them after all");
        assertEquals(0, oneArrived.backlog());
    }

    @Test
    void evidenceThatDisagreesIsCalledOut() {
        PathSummary medium = PathAccounting.summarize("medium", totals(1000, 0, 0, 1), totals(1000, 0, 0, 1),
                totals(1000, 0, 0, 1), TEN_SECONDS, 1000, 0, SendFailures.NONE, Map.of(),
                new PathSummary.Evidence(1200L, null, null, null));
        assertTrue(PathAccounting.warnings("medium", medium, 1000, true).get(0)
                .startsWith("the medium path's metric records count 1,000 messages but the database holds 1,200 rows"));
        PathSummary slow = PathAccounting.summarize("slow", totals(1000, 0, 0, 1), totals(1000, 0, 0, 1),
                totals(1000, 0, 0, 1), TEN_SECONDS, 1000, 0, SendFailures.NONE, Map.of(),
                new PathSummary.Evidence(null, 3, 1000L, 990L));
        List<String> w = PathAccounting.warnings("slow", slow, 1000, true);
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("its committed files hold 990 distinct ones"), w.get(0));
    }

    /** The medium HiveMQ run: 148,244 sends failed at the flush timeout, and the broker had some of them. */
    @Test
    void failedSendsThatArrivedAreReceivedUnacknowledged() {
        long[] failed = new long[90];
        for (int i = 0; i < 90; i++) {
            failed[i] = i;
        }
        SendFailures failures = new SendFailures(Map.of("t-0", failed), Map.of("t-0", 1090L));
        PathSummary p = PathAccounting.summarize("slow", totals(1050, 40, 0, 100), totals(1050, 40, 0, 100),
                totals(1050, 40, 0, 100), TEN_SECONDS, 1000, 90, failures, Map.of("t-0", gap(0, 39)), null);
        assertEquals(0, p.lostAcknowledged(), "the 40 gaps are failed sends");
        assertEquals(40, p.lostUnacknowledged());
        assertEquals(50, p.receivedUnacknowledged(), "50 of the 90 failed sends arrived after all");
        assertEquals(0, p.backlog());
        assertEquals(1000, p.received() - p.receivedUnacknowledged() + p.lostAcknowledged() + p.backlog(),
                "the invariant");
        assertEquals(List.of("the slow path received 50 messages whose send had failed: the producer stopped waiting"
                + " for their acknowledgement, but the broker had them (in received, not in produced)"),
                PathAccounting.warnings("slow", p, 1000, true));
        assertNull(PathAccounting.summarize("slow", totals(1000, 0, 0, 1), totals(1000, 0, 0, 1),
                totals(1000, 0, 0, 1), TEN_SECONDS, 1000, 0, SendFailures.NONE, Map.of(), null)
                .receivedUnacknowledged(), "absent when none");
    }

    private static SeqRanges gap(long from, long to) {
        SeqRanges r = new SeqRanges();
        r.add(from, to);
        return r;
    }
}
