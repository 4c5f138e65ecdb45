package kafkasim.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import kafkasim.common.metrics.Histograms;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathCounters;
import org.HdrHistogram.Histogram;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class ReportAggregateTest {
    private static final String RUN = "r1";
    private static final long T0 = 1_764_025_800_000L;
    private static final double[] PERCENTILES = {50.0, 90.0, 99.0, 99.9};

    private final ReportAggregate aggregate = new ReportAggregate();

    @Test
    void mergedPercentilesEqualThePercentilesOfTheUnionOfTheRawValues() {
        Histogram union = MetricLines.senderHistogram();
        WindowAccumulator acc = aggregate.createAccumulator();
        // very different distributions per subtask: averaging their percentiles would be far off
        long[][] ranges = {{200, 2_000}, {5_000, 80_000}, {1_000, 3_000_000}, {50, 60}};
        for (int i = 0; i < ranges.length; i++) {
            Histogram h = MetricLines.randomHistogram(100 + i, 2_000 + 500 * i, ranges[i][0], ranges[i][1]);
            union.add(h);
            acc = aggregate.add(record("fast", i, T0 + i * 1000L, h), acc);
        }
        WindowTotals t = aggregate.getResult(acc);
        assertEquals(union.getTotalCount(), t.received());
        assertEquals(union.getValueAtPercentile(50.0) / 1000.0, t.p50Ms());
        assertEquals(union.getValueAtPercentile(90.0) / 1000.0, t.p90Ms());
        assertEquals(union.getValueAtPercentile(99.0) / 1000.0, t.p99Ms());
        assertEquals(union.getValueAtPercentile(99.9) / 1000.0, t.p999Ms());
        assertEquals(union.getMaxValue() / 1000.0, t.maxMs());
        assertEquals(4, t.subtasks());
        assertEquals(4, t.records());
    }

    @Test
    void mergingPartialAccumulatorsGivesTheSameResultAsOneAccumulator() {
        List<MetricSecond> records = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            records.add(record(i % 2 == 0 ? "medium" : "medium", i % 3, T0,
                    MetricLines.randomHistogram(i, 300, 100 * (i + 1), 100_000)));
        }
        WindowAccumulator whole = aggregate.createAccumulator();
        WindowAccumulator left = aggregate.createAccumulator();
        WindowAccumulator right = aggregate.createAccumulator();
        for (int i = 0; i < records.size(); i++) {
            whole = aggregate.add(records.get(i), whole);
            if (i < 2) {
                left = aggregate.add(records.get(i), left);
            } else {
                right = aggregate.add(records.get(i), right);
            }
        }
        assertEquals(aggregate.getResult(whole), aggregate.getResult(aggregate.merge(left, right)));
        assertEquals(3, aggregate.getResult(whole).subtasks());
    }

    @Test
    void sumsEveryCounter() {
        WindowAccumulator acc = aggregate.createAccumulator();
        for (int i = 0; i < 3; i++) {
            MetricSlice s = MetricSlice.of(T0, i, 2 * i, MetricLines.randomHistogram(i, 10, 5, 50),
                    new PathCounters(3 + i, 2, 1 + i, i, 10 * i));
            acc = aggregate.add(new MetricSecond("fast", i, s), acc);
        }
        WindowTotals t = aggregate.getResult(acc);
        assertEquals(30, t.received());
        assertEquals(3, t.lost());
        assertEquals(6, t.duplicates());
        assertEquals(12, t.alerts());
        assertEquals(6, t.truePositives());
        assertEquals(6, t.falsePositives());
        assertEquals(3, t.falseNegatives());
        assertEquals(30, t.replayed());
    }

    @Test
    void aWindowWithoutLatenciesHasNoPercentiles() {
        WindowAccumulator acc = aggregate.add(record("slow", 0, T0, MetricLines.senderHistogram()),
                aggregate.createAccumulator());
        WindowTotals t = aggregate.getResult(acc);
        assertEquals(0, t.received());
        assertNull(t.p50Ms());
        assertNull(t.p999Ms());
        assertNull(t.maxMs());
        assertEquals(1, t.subtasks());
    }

    @Test
    void theRateIsPerSecondOfWindowLength() {
        WindowTotals t = new WindowTotals(2500, 0, 0, null, null, null, null, null, 0, 0, 0, 0, 0, 2, 20);
        ReportWindow w = ReportWindowFunction.toReportWindow(RUN, "fast", T0, 10_000, t);
        assertEquals(250.0, w.ratePerSec());
        assertEquals(10_000, w.windowMs());
        assertEquals(T0, w.windowStartMs());
        assertEquals(1000.0, ReportWindowFunction.toReportWindow(RUN, "fast", T0, 1000, new WindowTotals(1000, 0, 0,
                null, null, null, null, null, 0, 0, 0, 0, 0, 1, 1)).ratePerSec());
    }

    @Test
    void theSerializerRoundTripsAnAccumulatorThatStillGrows() throws IOException {
        WindowAccumulator acc = aggregate.createAccumulator();
        acc = aggregate.add(record("fast", 3, T0, MetricLines.randomHistogram(7, 1000, 100, 2_000)), acc);
        acc = aggregate.add(record("fast", 70, T0, MetricLines.randomHistogram(8, 1000, 100, 9_000)), acc);
        WindowAccumulator copy = roundTrip(acc);
        assertEquals(aggregate.getResult(acc), aggregate.getResult(copy));
        assertEquals(acc.latencyUs(), copy.latencyUs());

        // the restored histogram must still accept values far above what it has seen
        Histogram big = MetricLines.randomHistogram(9, 10, 1_000_000_000L, 3_600_000_000L);
        aggregate.add(record("fast", 1, T0, big), acc);
        aggregate.add(record("fast", 1, T0, big), copy);
        assertEquals(aggregate.getResult(acc), aggregate.getResult(copy));
        assertEquals(3, aggregate.getResult(copy).subtasks());
        assertEquals(aggregate.getResult(acc), aggregate.getResult(WindowAccumulatorSerializer.INSTANCE.copy(acc)));
    }

    @Test
    void theSerializerRoundTripsAnEmptyAccumulator() throws IOException {
        WindowAccumulator empty = aggregate.createAccumulator();
        assertEquals(aggregate.getResult(empty), aggregate.getResult(roundTrip(empty)));
        for (double p : PERCENTILES) {
            assertEquals(0, roundTrip(empty).latencyUs().getValueAtPercentile(p));
        }
    }

    /** Checkpoints taken before the fold moved to common restore: format 1 is read, and written, byte for byte. */
    @Test
    void theSerializersFormatOneIsUnchanged() throws IOException {
        Histogram latencyUs = Histograms.createResizable();
        latencyUs.recordValue(1_500);
        latencyUs.recordValue(250_000);
        DataOutputSerializer v1 = new DataOutputSerializer(64);
        v1.writeByte(1);
        for (long v : new long[] {2, 3, 4, 5, 6, 7, 8, 9, 10}) { // received … replayed, then records
            v1.writeLong(v);
        }
        long[] subtasks = {0b1011L};
        v1.writeInt(subtasks.length);
        v1.writeLong(subtasks[0]);
        ByteBuffer buf = ByteBuffer.allocate(latencyUs.getNeededByteBufferCapacity());
        int length = latencyUs.encodeIntoByteBuffer(buf);
        v1.writeInt(length);
        v1.write(buf.array(), 0, length);
        byte[] written = v1.getCopyOfBuffer();

        WindowAccumulator read = WindowAccumulatorSerializer.INSTANCE.deserialize(new DataInputDeserializer(written));
        assertEquals(new WindowTotals(2, 3, 4, 1.5, ms(latencyUs, 90), ms(latencyUs, 99), ms(latencyUs, 99.9),
                latencyUs.getMaxValue() / 1000.0, 5, 6, 7, 8, 9, 3, 10), aggregate.getResult(read));
        DataOutputSerializer again = new DataOutputSerializer(64);
        WindowAccumulatorSerializer.INSTANCE.serialize(read, again);
        assertArrayEquals(written, again.getCopyOfBuffer());
    }

    private static double ms(Histogram us, double percentile) {
        return us.getValueAtPercentile(percentile) / 1000.0;
    }

    private static WindowAccumulator roundTrip(WindowAccumulator acc) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        WindowAccumulatorSerializer.INSTANCE.serialize(acc, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        WindowAccumulator copy = WindowAccumulatorSerializer.INSTANCE.deserialize(in);
        assertEquals(0, in.available());
        return copy;
    }

    private static MetricSecond record(String path, int subtask, long windowStartMs, Histogram latency) {
        return new MetricSecond(path, subtask, MetricLines.slice(windowStartMs, latency));
    }
}
