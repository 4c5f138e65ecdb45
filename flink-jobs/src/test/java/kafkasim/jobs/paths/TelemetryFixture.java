package kafkasim.jobs.paths;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.envelope.EnvelopeEncoder;
import kafkasim.jobs.common.MicroTime;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Known telemetry for the path ITs, encoded with the generator's {@link EnvelopeEncoder}: devices of two types
 * whose readings are a mean-reverting random walk (as the generator's value model), with injected spikes of 6–9
 * standard deviations flagged as anomalies.
 */
final class TelemetryFixture {
    static final int PAYLOAD_BYTES = 300;

    /** What was produced: per device id, the seqs (in send order) and the seqs labelled as anomalies. */
    record Produced(Map<String, List<Long>> seqs, Set<String> anomalies, int records) {
        long anomalyCount() {
            return anomalies.size();
        }
    }

    private TelemetryFixture() {
    }

    static void createTopics(String bootstrap, Map<String, Integer> partitionsByTopic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            partitionsByTopic.forEach((t, p) -> topics.add(new NewTopic(t, p, (short) 1)));
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Produces {@code devicesPerType} temperature and power devices × {@code seqsPerDevice} seqs, each seq once,
     * except those {@code skip} names ("deviceId/seq") which are left out and those {@code repeat} names, which
     * are sent twice.
     */
    static Produced produce(String bootstrap, String topic, int devicesPerType, int seqsPerDevice, double anomalyRate,
                            Set<String> skip, Set<String> repeat) throws Exception {
        Random random = new Random(7);
        Map<String, List<Long>> seqs = new HashMap<>();
        Set<String> anomalies = new java.util.HashSet<>();
        EnvelopeEncoder temperature = new EnvelopeEncoder("temperature", List.of("celsius"), PAYLOAD_BYTES);
        EnvelopeEncoder power = new EnvelopeEncoder("power", List.of("watts", "volts"), PAYLOAD_BYTES);
        double[][] means = {{21.0}, {350.0, 230.0}};
        double[][] stddevs = {{0.8}, {40.0, 2.0}};
        int devices = 2 * devicesPerType;
        double[][] walk = new double[devices][2];
        double[][] offset = new double[devices][2];
        for (int d = 0; d < devices; d++) {
            for (int f = 0; f < 2; f++) {
                double sd = stddevs[d % 2][Math.min(f, stddevs[d % 2].length - 1)];
                offset[d][f] = random.nextGaussian() * 0.3 * sd;
                walk[d][f] = random.nextGaussian() * sd;
            }
        }
        int records = 0;
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        // not idempotent but one request in flight (order kept): a loaded machine once made a fresh broker answer
        // the idempotent producer's first batch with OutOfOrderSequenceException, and 50 records went missing
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int seq = 0; seq < seqsPerDevice; seq++) {
                for (int d = 0; d < devices; d++) {
                    int type = d % 2;
                    String typeName = type == 0 ? "temperature" : "power";
                    String deviceId = Envelope.deviceId(typeName, d / 2);
                    int fields = means[type].length;
                    double[] values = new double[fields];
                    for (int f = 0; f < fields; f++) {
                        double sd = stddevs[type][f];
                        walk[d][f] = 0.9 * walk[d][f] + Math.sqrt(1 - 0.81) * sd * random.nextGaussian();
                        values[f] = means[type][f] + offset[d][f] + walk[d][f];
                    }
                    boolean anomaly = seq >= 1 && random.nextDouble() < anomalyRate;
                    if (anomaly) {
                        int f = random.nextInt(fields);
                        values[f] = means[type][f] + (6 + 3 * random.nextDouble()) * stddevs[type][f];
                    }
                    String key = deviceId + "/" + seq;
                    if (skip.contains(key)) {
                        continue;
                    }
                    byte[] payload = new byte[PAYLOAD_BYTES];
                    (type == 0 ? temperature : power).encode(payload, deviceId.getBytes(), seq, MicroTime.nowUs(),
                            anomaly, values, 0);
                    int copies = repeat.contains(key) ? 2 : 1;
                    for (int c = 0; c < copies; c++) {
                        sent.add(producer.send(new ProducerRecord<>(topic, deviceId.getBytes(), payload)));
                        seqs.computeIfAbsent(deviceId, k -> new ArrayList<>()).add((long) seq);
                        records++;
                    }
                    if (anomaly) {
                        anomalies.add(key);
                    }
                }
            }
            producer.flush();
        }
        for (Future<RecordMetadata> f : sent) {
            f.get(); // a record that did not reach the topic fails the fixture here, not a test later
        }
        return new Produced(seqs, anomalies, records);
    }
}
