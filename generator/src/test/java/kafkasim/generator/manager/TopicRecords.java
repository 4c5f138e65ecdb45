package kafkasim.generator.manager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.json.Json;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every record of one topic, read from the start by a plain consumer (no generator code), kept as envelopes.
 * Not thread-safe: the test's thread polls it.
 */
final class TopicRecords implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    final List<Envelope> envelopes = new ArrayList<>();

    TopicRecords(String bootstrap, String topic, int partitionCount) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        partitions = new ArrayList<>();
        for (int i = 0; i < partitionCount; i++) {
            partitions.add(new TopicPartition(topic, i));
        }
        consumer.assign(partitions); // no group: nothing to join, reading starts at once
        consumer.seekToBeginning(partitions);
    }

    /** Polls for about {@code duration}; returns how many records came. */
    int pollFor(Duration duration) throws Exception {
        int before = envelopes.size();
        long deadline = System.nanoTime() + duration.toNanos();
        do {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                envelopes.add(Json.mapper().readValue(r.value(), Envelope.class));
            }
        } while (System.nanoTime() < deadline);
        return envelopes.size() - before;
    }

    /** Polls until {@code enough} holds for what was read; fails after {@code timeout}. */
    void pollUntil(java.util.function.Predicate<List<Envelope>> enough, Duration timeout, String what)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!enough.test(envelopes)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what + "; read " + envelopes.size());
            }
            pollFor(Duration.ofMillis(100));
        }
    }

    /** Records in the topic now (the sum of its end offsets: no transactions, no compaction here). */
    long inTopic() {
        return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Reads until everything in the topic now is read. */
    void readToEnd(Duration timeout) throws Exception {
        long end = inTopic();
        pollUntil(read -> read.size() >= end, timeout, end + " records in the topic");
    }

    /** Every device's seqs in the order read. */
    Map<String, List<Long>> seqsByDevice() {
        Map<String, List<Long>> m = new TreeMap<>();
        envelopes.forEach(e -> m.computeIfAbsent(e.deviceId(), k -> new ArrayList<>()).add(e.seq()));
        return m;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
