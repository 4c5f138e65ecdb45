package kafkasim.jobs.common;

import java.io.IOException;
import java.io.Serializable;
import java.util.function.Function;
import kafkasim.common.envelope.Envelope;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The envelope wire format as every source reads it: bytes → {@link Envelope} (with {@code pad = null}). A value
 * that is not a valid envelope is skipped, counted in the Flink metric {@value #MALFORMED_METRIC} and logged (the
 * first ten, then every 1000th): one bad message must not stop a path forever. A skipped message shows up
 * downstream as a seq gap, i.e. as lost. The Kafka ({@link KafkaEnvelopeDeserializer}) and MQTT
 * ({@link MqttEnvelopeDeserializer}) adapters only say where a message came from.
 */
public final class EnvelopeDecoder implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String MALFORMED_METRIC = "malformedEnvelopes";
    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeDecoder.class);

    private transient Counter malformed;

    /** Registers the malformed counter in the source's (deserializer) metric group. */
    public void open(MetricGroup metricGroup) {
        malformed = metricGroup.counter(MALFORMED_METRIC);
    }

    /**
     * Decodes {@code value} into {@code out}, or skips it. {@code where} names {@code source} in the log line; it
     * runs only for a skipped value, so a method reference to a static method allocates nothing per message.
     */
    public <S> void decode(byte[] value, S source, Function<? super S, String> where, Collector<Envelope> out) {
        if (value == null) {
            skip("a null value", source, where);
            return;
        }
        Envelope envelope;
        try {
            envelope = EnvelopeJson.decode(value);
        } catch (IOException e) {
            skip(e.getMessage(), source, where);
            return;
        }
        out.collect(envelope);
    }

    private <S> void skip(String problem, S source, Function<? super S, String> where) {
        long count = 1;
        if (malformed != null) {
            malformed.inc();
            count = malformed.getCount();
        }
        if (count <= 10 || count % 1000 == 0) {
            LOG.warn("skipped malformed envelope #{} at {}: {}", count, where.apply(source), problem);
        }
    }
}
