package kafkasim.jobs.paths;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import kafkasim.common.json.Json;
import kafkasim.jobs.common.HistogramCodec;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic from the beginning and keeps every value parsed as JSON (metric records, alerts). */
final class LogTopicReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<JsonNode> records = new ArrayList<>();

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
            try {
                records.add(Json.mapper().readTree(r.value()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    List<JsonNode> records() {
        return records;
    }

    /** The data objects of the metric records. */
    List<JsonNode> metrics() {
        return records.stream().filter(r -> "metrics".equals(r.path("topic").asText())).map(r -> r.get("data"))
                .toList();
    }

    long sum(String field) {
        return metrics().stream().mapToLong(d -> d.get(field).asLong()).sum();
    }

    Histogram latency() {
        Histogram all = HistogramCodec.newHistogram();
        metrics().forEach(d -> all.add(HistogramCodec.decode(d.get("latencyUs").asText())));
        return all;
    }

    /** Window starts per process, in arrival order. */
    Map<String, List<Long>> windowsByProcess() {
        Map<String, List<Long>> windows = new TreeMap<>();
        records.stream().filter(r -> "metrics".equals(r.path("topic").asText())).forEach(r -> windows
                .computeIfAbsent(r.get("process").asText(), k -> new ArrayList<>())
                .add(r.get("data").get("windowStartMs").asLong()));
        return windows;
    }

    String summary() {
        return "received=" + (records.isEmpty() ? 0 : sum("received")) + ", processes=" + windowsByProcess().keySet();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
