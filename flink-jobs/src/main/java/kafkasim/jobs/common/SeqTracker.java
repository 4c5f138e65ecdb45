package kafkasim.jobs.common;

import kafkasim.common.envelope.Envelope;
import kafkasim.common.metrics.SeqRanges;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by deviceId: compares each envelope's seq with the next expected seq of its device (keyed
 * {@code ValueState<Long>}, starting at 0 because devices number their messages from 0 without gaps) and with the
 * seqs it found missing so far (keyed, as {@link SeqRanges} pairs), and passes every envelope on, repeats included,
 * tagged as a {@link TrackedEnvelope}.
 * <ul>
 *   <li>seq == expected: in order; expected becomes seq + 1.</li>
 *   <li>seq &gt; expected: seqs expected..seq-1 are missing (a gap); expected becomes seq + 1.</li>
 *   <li>seq &lt; expected and missing: it arrived late (an MQTT broker redelivers out of order after a reconnect):
 *       filled, no longer missing, and not a repeat.</li>
 *   <li>seq &lt; expected otherwise: a duplicate.</li>
 * </ul>
 * A device keeps at most {@value #MAX_GAPS_PER_DEVICE} gaps (a device that loses without end must not grow the
 * state without bound); a late arrival in a gap dropped for that reason counts as a duplicate. The state is
 * checkpointed with the source offsets, so a Flink restore re-derives the same verdicts for replayed records.
 */
public final class SeqTracker extends KeyedProcessFunction<String, Envelope, TrackedEnvelope> {
    private static final long serialVersionUID = 1L;
    static final int MAX_GAPS_PER_DEVICE = 1000;

    private transient ValueState<Long> nextSeq;
    private transient ValueState<long[]> missing;

    @Override
    public void open(OpenContext openContext) {
        nextSeq = getRuntimeContext().getState(new ValueStateDescriptor<>("next-seq", Types.LONG));
        missing = getRuntimeContext().getState(new ValueStateDescriptor<>("missing-seqs",
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(Envelope envelope, Context ctx, Collector<TrackedEnvelope> out) throws Exception {
        Long stored = nextSeq.value();
        long expected = stored == null ? 0 : stored;
        long seq = envelope.seq();
        if (seq < expected) {
            long[] pairs = missing.value();
            if (pairs != null) {
                SeqRanges gaps = SeqRanges.of(pairs);
                if (gaps.remove(seq)) {
                    missing.update(gaps.isEmpty() ? null : gaps.toArray());
                    out.collect(new TrackedEnvelope(envelope, 0, false, true));
                    return;
                }
            }
            out.collect(new TrackedEnvelope(envelope, 0, true, false));
            return;
        }
        nextSeq.update(seq + 1);
        if (seq > expected) {
            long[] pairs = missing.value();
            SeqRanges gaps = pairs == null ? new SeqRanges() : SeqRanges.of(pairs);
            gaps.add(expected, seq - 1);
            gaps.keepNewest(MAX_GAPS_PER_DEVICE);
            missing.update(gaps.toArray());
        }
        out.collect(new TrackedEnvelope(envelope, seq - expected, false, false));
    }
}
