package kafkasim.jobs.paths;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import kafkasim.common.json.Json;
import kafkasim.jobs.common.metrics.MetricRecords;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning and keeps every value parsed as JSON (alerts, log records); log records with a
 * topic also go to a {@link MetricRecords}, the readers' view of the metric records (codec + dedupe).
 */
final class LogTopicReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<JsonNode> records = new ArrayList<>();
    private final MetricRecords metrics = new MetricRecords();

    LogTopicReader(String bootstrap, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Polls until {@code done} holds for everything read so far, or fails after {@code timeout}. */
    LogTopicReader pollUntil(Predicate<LogTopicReader> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(this)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; read " + records.size() + " records: "
                        + summary());
            }
            poll(Duration.ofMillis(200));
        }
        return this;
    }

    /** Polls for {@code duration}, keeping what arrives. */
    LogTopicReader pollFor(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
        }
        return this;
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            JsonNode node;
            try {
                node = Json.mapper().readTree(r.value());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            records.add(node);
            if (node.has("topic")) {
                metrics.add(r.value());
            }
        }
    }

    List<JsonNode> records() {
        return records;
    }

    /** The metric records as a reader sees them. */
    MetricRecords metrics() {
        return metrics;
    }

    /** Sum of a slice field over the accepted metric records. */
    long sum(String field) {
        return metrics.sum(field);
    }

    Histogram latency() {
        return metrics.latency();
    }

    /** Slice window starts per process, accepted records only, in arrival order. */
    Map<String, List<Long>> windowsByProcess() {
        return metrics.windowsByProcess();
    }

    String summary() {
        return "received=" + sum("received") + ", processes=" + windowsByProcess().keySet() + ", republished dropped="
                + metrics.dropped();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
