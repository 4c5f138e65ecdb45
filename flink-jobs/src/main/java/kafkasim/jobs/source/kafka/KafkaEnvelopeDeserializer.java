package kafkasim.jobs.source.kafka;

import kafkasim.common.envelope.Envelope;
import kafkasim.jobs.common.EnvelopeDecoder;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Kafka record value → {@link Envelope}; decoding and malformed records as {@link EnvelopeDecoder} does them. */
public final class KafkaEnvelopeDeserializer implements KafkaRecordDeserializationSchema<Envelope> {
    private static final long serialVersionUID = 1L;

    private final EnvelopeDecoder decoder = new EnvelopeDecoder();

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder.open(context.getMetricGroup());
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Envelope> out) {
        decoder.decode(record.value(), record, KafkaEnvelopeDeserializer::where, out);
    }

    private static String where(ConsumerRecord<byte[], byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    @Override
    public TypeInformation<Envelope> getProducedType() {
        return TypeInformation.of(Envelope.class);
    }
}
