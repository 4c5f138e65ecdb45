package kafkasim.jobs.common;

import java.io.IOException;
import kafkasim.common.envelope.Envelope;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka record value → {@link Envelope} (with {@code pad = null}). A record that is not a valid envelope is
 * skipped, counted in the Flink metric {@value #MALFORMED_METRIC} and logged (the first ten, then every 1000th):
 * one bad message must not stop a path forever. A skipped record shows up downstream as a seq gap, i.e. as lost.
 */
public final class EnvelopeDeserializer implements KafkaRecordDeserializationSchema<Envelope> {
    private static final long serialVersionUID = 1L;
    public static final String MALFORMED_METRIC = "malformedEnvelopes";
    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeDeserializer.class);

    private transient Counter malformed;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        malformed = context.getMetricGroup().counter(MALFORMED_METRIC);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Envelope> out) {
        if (record.value() == null) {
            skip(record, "a null value");
            return;
        }
        try {
            out.collect(EnvelopeJson.decode(record.value()));
        } catch (IOException e) {
            skip(record, e.getMessage());
        }
    }

    private void skip(ConsumerRecord<byte[], byte[]> record, String problem) {
        long count = 1;
        if (malformed != null) {
            malformed.inc();
            count = malformed.getCount();
        }
        if (count <= 10 || count % 1000 == 0) {
            LOG.warn("skipped malformed envelope #{} at {}-{}@{}: {}", count, record.topic(), record.partition(),
                    record.offset(), problem);
        }
    }

    @Override
    public TypeInformation<Envelope> getProducedType() {
        return TypeInformation.of(Envelope.class);
    }
}
