package kafkasim.simulation.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.json.Json;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic with a plain consumer (no generator code involved) and tallies every device's seqs, so a
 * test can check the generator's claims against what is really in Kafka.
 */
final class TopicAudit {
    /** Every seq seen per device, in arrival order. */
    final Map<String, List<Long>> seqsByDevice = new TreeMap<>();
    long records;
    long keyMismatches;
    long wrongSize;

    static TopicAudit read(String bootstrap, String topic, int expectedPayloadBytesOrZero) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "audit-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        TopicAudit audit = new TopicAudit();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(4).toNanos()) {
                var batch = c.poll(Duration.ofMillis(500));
                if (!batch.isEmpty()) {
                    quietSince = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    audit.add(r, expectedPayloadBytesOrZero);
                }
            }
        }
        return audit;
    }

    private void add(ConsumerRecord<byte[], byte[]> r, int expectedPayloadBytes) throws Exception {
        Envelope e = Json.mapper().readValue(r.value(), Envelope.class);
        records++;
        if (!e.deviceId().equals(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))) {
            keyMismatches++;
        }
        if (expectedPayloadBytes > 0 && r.value().length != expectedPayloadBytes) {
            wrongSize++;
        }
        seqsByDevice.computeIfAbsent(e.deviceId(), k -> new ArrayList<>()).add(e.seq());
    }

    /** Devices whose distinct seqs are not exactly 0..n-1. */
    List<String> devicesWithGaps() {
        List<String> bad = new ArrayList<>();
        seqsByDevice.forEach((device, seqs) -> {
            long distinct = seqs.stream().distinct().count();
            long max = seqs.stream().mapToLong(Long::longValue).max().orElse(-1);
            if (distinct != max + 1) {
                bad.add(device + " (" + distinct + " distinct seqs, max " + max + ")");
            }
        });
        return bad;
    }

    /** Records whose seq this device had already sent, by device. */
    Map<String, Long> duplicatesByDevice() {
        Map<String, Long> dups = new HashMap<>();
        seqsByDevice.forEach((device, seqs) -> {
            long d = seqs.size() - seqs.stream().distinct().count();
            if (d > 0) {
                dups.put(device, d);
            }
        });
        return dups;
    }

    /** Per device: distinct seqs (what the generator should report as produced). */
    Map<String, Long> distinctByDevice() {
        Map<String, Long> m = new TreeMap<>();
        seqsByDevice.forEach((device, seqs) -> m.put(device, seqs.stream().distinct().count()));
        return m;
    }
}
