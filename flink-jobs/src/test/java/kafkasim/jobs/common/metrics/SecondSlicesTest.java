package kafkasim.jobs.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathCounters;
import org.junit.jupiter.api.Test;

class SecondSlicesTest {
    static final long T0_MS = 1_764_025_800_000L;

    @Test
    void countsGoToTheirCompletionSecondAndEverySecondInBetweenIsCovered() {
        SecondSlices seconds = new SecondSlices(T0_MS + 300);
        seconds.at((T0_MS + 400) * 1000).completed(1500);
        seconds.at((T0_MS + 400) * 1000).gap("temperature-0", 5, 6);
        seconds.at((T0_MS + 2900) * 1000).completed(2500);
        seconds.at((T0_MS + 2900) * 1000).alert(true);
        List<MetricSlice> slices = seconds.drain(T0_MS + 3100);
        assertEquals(List.of(T0_MS, T0_MS + 1000, T0_MS + 2000, T0_MS + 3000),
                slices.stream().map(MetricSlice::windowStartMs).toList(), "second 1 and 3 as zero slices");
        assertEquals(List.of(1L, 0L, 1L, 0L), slices.stream().map(MetricSlice::received).toList());
        assertEquals(2, slices.get(0).lost());
        assertEquals(new PathCounters(1, 1, 0, 0, 0), slices.get(2).counters());
        assertEquals(1, slices.get(2).latencyHistogram().getTotalCount());
        assertTrue(slices.stream().allMatch(s -> s.windowMs() == 1000));
    }

    @Test
    void theNextDrainStartsWithTheSecondThePreviousOneEndedIn() {
        SecondSlices seconds = new SecondSlices(T0_MS);
        seconds.drain(T0_MS + 1500);
        seconds.at((T0_MS + 1700) * 1000).completed(10);
        List<MetricSlice> next = seconds.drain(T0_MS + 2200);
        assertEquals(List.of(T0_MS + 1000, T0_MS + 2000), next.stream().map(MetricSlice::windowStartMs).toList());
        assertEquals(1, next.get(0).received(), "the rest of second 1");
    }

    @Test
    void reusedHistogramsStartEmpty() {
        SecondSlices seconds = new SecondSlices(T0_MS);
        for (int round = 0; round < 20; round++) {
            long nowMs = T0_MS + round * 1000L;
            seconds.at(nowMs * 1000).completed(100 + round);
            List<MetricSlice> slices = seconds.drain(nowMs + 10);
            assertEquals(1, slices.stream().mapToLong(s -> s.latencyHistogram().getTotalCount()).sum(), "round " + round);
        }
    }

    @Test
    void aLongGapIsFilledWithAtMostTheLastTenMinutes() {
        SecondSlices seconds = new SecondSlices(T0_MS);
        List<MetricSlice> slices = seconds.drain(T0_MS + 3_600_000);
        assertEquals(SecondSlices.MAX_FILLED_SECONDS, slices.size());
        assertEquals(T0_MS + 3_600_000, slices.get(slices.size() - 1).windowStartMs());
    }
}
