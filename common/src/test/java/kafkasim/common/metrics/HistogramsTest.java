package kafkasim.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HistogramsTest {
    @Test
    void roundTripKeepsEveryCount() {
        Histogram h = Histograms.create();
        for (long v = 1; v <= 100_000; v += 7) {
            h.recordValue(v);
        }
        h.recordValue(Histograms.HIGHEST_TRACKABLE_US);
        Histogram back = Histograms.decode(Histograms.encode(h));
        assertEquals(h, back);
        assertEquals(h.getTotalCount(), back.getTotalCount());
        assertEquals(h.getValueAtPercentile(99), back.getValueAtPercentile(99));
        assertEquals(h.getMaxValue(), back.getMaxValue());
    }

    @Test
    void emptyHistogramRoundTrips() {
        Histogram back = Histograms.decode(Histograms.encode(Histograms.create()));
        assertEquals(0, back.getTotalCount());
    }

    @Test
    void decodedHistogramsMerge() {
        Histogram a = Histograms.create();
        Histogram b = Histograms.create();
        a.recordValue(1000);
        b.recordValue(3000);
        Histogram merged = Histograms.decode(Histograms.encode(a));
        merged.add(Histograms.decode(Histograms.encode(b)));
        assertEquals(2, merged.getTotalCount());
    }

    @Test
    void clampsIntoTheTrackableRange() {
        assertEquals(0, Histograms.clampUs(-5));
        assertEquals(Histograms.HIGHEST_TRACKABLE_US, Histograms.clampUs(Long.MAX_VALUE));
        assertEquals(42, Histograms.clampUs(42));
    }

    @Test
    void rejectsGarbage() {
        assertThrows(IllegalArgumentException.class, () -> Histograms.decode("bm90IGEgaGlzdG9ncmFt"));
        assertThrows(IllegalArgumentException.class, () -> Histograms.decode("%%%"));
        assertThrows(IllegalArgumentException.class, () -> Histograms.decode("AAAA"), "too short");
    }
}
