package kafkasim.jobs.common;

import kafkasim.common.envelope.Envelope;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by deviceId: compares each envelope's seq with the next expected seq of its device (keyed
 * {@code ValueState<Long>}, starting at 0 because devices number their messages from 0 without gaps) and passes
 * every envelope on, repeats included, tagged as a {@link TrackedEnvelope}.
 * <ul>
 *   <li>seq == expected: in order; expected becomes seq + 1.</li>
 *   <li>seq &gt; expected: {@code seq - expected} messages were lost; expected becomes seq + 1.</li>
 *   <li>seq &lt; expected: a duplicate; expected stays.</li>
 * </ul>
 * Kafka keeps a key's records in order within its partition, so reordering is not expected; if it happened it
 * would show as a gap followed by a duplicate. The state is checkpointed with the source offsets, so a Flink
 * restore re-derives the same verdicts for replayed records.
 */
public final class SeqTracker extends KeyedProcessFunction<String, Envelope, TrackedEnvelope> {
    private static final long serialVersionUID = 1L;

    private transient ValueState<Long> nextSeq;

    @Override
    public void open(OpenContext openContext) {
        nextSeq = getRuntimeContext().getState(new ValueStateDescriptor<>("next-seq", Types.LONG));
    }

    @Override
    public void processElement(Envelope envelope, Context ctx, Collector<TrackedEnvelope> out) throws Exception {
        Long stored = nextSeq.value();
        long expected = stored == null ? 0 : stored;
        long seq = envelope.seq();
        if (seq < expected) {
            out.collect(new TrackedEnvelope(envelope, 0, true));
            return;
        }
        nextSeq.update(seq + 1);
        out.collect(new TrackedEnvelope(envelope, seq - expected, false));
    }
}
