package kafkasim.jobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HistogramCodecTest {
    @Test
    void roundTripKeepsEveryCount() {
        Histogram h = HistogramCodec.newHistogram();
        for (long v = 1; v <= 100_000; v += 7) {
            h.recordValue(v);
        }
        h.recordValue(HistogramCodec.HIGHEST_TRACKABLE_US);
        Histogram back = HistogramCodec.decode(HistogramCodec.encode(h));
        assertEquals(h, back);
        assertEquals(h.getTotalCount(), back.getTotalCount());
        assertEquals(h.getValueAtPercentile(99), back.getValueAtPercentile(99));
        assertEquals(h.getMaxValue(), back.getMaxValue());
    }

    @Test
    void emptyHistogramRoundTrips() {
        Histogram back = HistogramCodec.decode(HistogramCodec.encode(HistogramCodec.newHistogram()));
        assertEquals(0, back.getTotalCount());
    }

    @Test
    void decodedHistogramsMerge() {
        Histogram a = HistogramCodec.newHistogram();
        Histogram b = HistogramCodec.newHistogram();
        a.recordValue(1000);
        b.recordValue(3000);
        Histogram merged = HistogramCodec.decode(HistogramCodec.encode(a));
        merged.add(HistogramCodec.decode(HistogramCodec.encode(b)));
        assertEquals(2, merged.getTotalCount());
    }

    @Test
    void clampsIntoTheTrackableRange() {
        assertEquals(0, HistogramCodec.clampUs(-5));
        assertEquals(HistogramCodec.HIGHEST_TRACKABLE_US, HistogramCodec.clampUs(Long.MAX_VALUE));
        assertEquals(42, HistogramCodec.clampUs(42));
    }

    @Test
    void rejectsGarbage() {
        assertThrows(IllegalArgumentException.class, () -> HistogramCodec.decode("bm90IGEgaGlzdG9ncmFt"));
        assertThrows(IllegalArgumentException.class, () -> HistogramCodec.decode("%%%"));
    }
}
