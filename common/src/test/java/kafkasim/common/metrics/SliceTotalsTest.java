package kafkasim.common.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SliceTotalsTest {
    private static final long T0 = 1_764_025_800_000L;

    @Test
    void countsAddUpAndHistogramsMerge() {
        SliceTotals t = SliceTotals.of(List.of(
                slice(0, latencies(1_000, 2_000), 1, 2, new PathCounters(3, 2, 1, 4, 0)),
                slice(1, latencies(5_000), 2, 0, new PathCounters(1, 1, 0, 0, 7)),
                slice(2, latencies(), 0, 1, PathCounters.ZERO)));
        assertArrayEquals(new long[] {3, 3, 3, 4, 3, 1, 4, 7}, t.counts());
        assertEquals(3, t.received());
        assertEquals(3, t.latencyUs().getTotalCount());
        assertEquals(5_000, t.latencyUs().getMaxValue(), 5);
    }

    /** The fold's growing histogram answers exactly as one of the full hour's range that got every value. */
    @Test
    void mergedFiguresEqualThoseOfOneFullRangeHistogram() {
        Random random = new Random(17);
        Histogram all = Histograms.create();
        List<MetricSlice> slices = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Histogram h = Histograms.create();
            for (int v = 0; v < 500; v++) {
                h.recordValue(Histograms.clampUs((long) Math.exp(random.nextDouble() * 22)));
            }
            all.add(h);
            slices.add(MetricSlice.of(T0 + i * 1000L, 0, 0, h, PathCounters.ZERO));
        }
        Histogram merged = SliceTotals.of(slices).latencyUs();
        for (double p : new double[] {0, 50, 90, 99, 99.9, 100}) {
            assertEquals(all.getValueAtPercentile(p), merged.getValueAtPercentile(p), "p" + p);
        }
        assertEquals(all.getMaxValue(), merged.getMaxValue());
        assertEquals(all.getMean(), merged.getMean());
        assertEquals(all.getTotalCount(), merged.getTotalCount());
    }

    @Test
    void addingTotalsIsFoldingTheirSlicesAndCopiesAreIndependent() {
        MetricSlice a = slice(0, latencies(100, 200), 1, 0, new PathCounters(1, 1, 0, 0, 0));
        MetricSlice b = slice(1, latencies(9_000), 0, 1, new PathCounters(0, 0, 1, 0, 2));
        SliceTotals left = SliceTotals.of(List.of(a));
        SliceTotals copy = left.copy();
        left.add(SliceTotals.of(List.of(b)));
        SliceTotals whole = SliceTotals.of(List.of(a, b));

        assertArrayEquals(whole.counts(), left.counts());
        assertEquals(whole.latencyUs(), left.latencyUs());
        assertArrayEquals(new long[] {2, 1, 0, 1, 1, 0, 0, 0}, copy.counts(), "the copy stayed as it was");
        assertEquals(2, copy.latencyUs().getTotalCount());
    }

    @Test
    void restoredTotalsFoldOnAndGrow() {
        SliceTotals t = SliceTotals.of(List.of(slice(0, latencies(300), 0, 0, PathCounters.ZERO)));
        Histogram small = Histograms.createResizable(); // as a serializer decodes it: sized to what it holds
        small.recordValue(300);
        small.setAutoResize(false);
        SliceTotals back = SliceTotals.restore(t.counts(), small);
        assertArrayEquals(t.counts(), back.counts());

        MetricSlice late = slice(1, latencies(Histograms.HIGHEST_TRACKABLE_US), 0, 0, PathCounters.ZERO);
        t.add(late);
        back.add(late);
        assertEquals(t.latencyUs(), back.latencyUs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SliceTotals.restore(new long[3], Histograms.create()));
        assertEquals("expected 8 counts, got 3", e.getMessage());
    }

    private static MetricSlice slice(int second, Histogram latencyUs, long lost, long duplicates, PathCounters c) {
        return MetricSlice.of(T0 + second * 1000L, lost, duplicates, latencyUs, c);
    }

    private static Histogram latencies(long... valuesUs) {
        Histogram h = Histograms.create();
        for (long v : valuesUs) {
            h.recordValue(v);
        }
        return h;
    }
}
