package kafkasim.jobs.slow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import kafkasim.common.metrics.Histograms;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathCounters;
import kafkasim.common.metrics.SeqRange;
import kafkasim.jobs.common.TestEnvelopes;
import kafkasim.jobs.common.TrackedEnvelope;
import kafkasim.jobs.common.metrics.SecondSlices;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletionBatchTest {
    @Test
    void gapsAndLateArrivalsSurviveTheStateBytes() {
        CompletionBatch batch = new CompletionBatch(2);
        batch.checkpointId = 7;
        batch.add(new TrackedEnvelope(TestEnvelopes.temperature(1, 5, 100, false, 20.0), 3, false, false));
        batch.add(new TrackedEnvelope(TestEnvelopes.temperature(1, 3, 100, false, 20.0), 0, false, true));
        batch.add(new TrackedEnvelope(TestEnvelopes.temperature(2, 0, 100, false, 20.0), 0, true, false));
        CompletionBatch restored = CompletionBatch.fromBytes(batch.toBytes());
        assertEquals(7, restored.checkpointId);
        assertEquals(2, restored.size(), "the repeat is no completion");
        long t0Ms = 1_764_025_800_000L;
        SecondSlices seconds = new SecondSlices(t0Ms);
        restored.countInto(seconds.at(t0Ms * 1000 + 500_000), t0Ms * 1000 + 500_000);
        MetricSlice slice = seconds.drain(t0Ms + 1000).get(0);
        assertEquals(List.of(new SeqRange("temperature-000001", 2, 4)), slice.gaps());
        assertEquals(List.of(SeqRange.of("temperature-000001", 3)), slice.filled());
        assertEquals(3, slice.lost());
        assertEquals(1, slice.duplicates());
        assertEquals(2, slice.received());
        assertEquals(PathCounters.ZERO, slice.counters());
        assertEquals(2, Histograms.decode(slice.latencyUs()).getTotalCount());
    }
}
