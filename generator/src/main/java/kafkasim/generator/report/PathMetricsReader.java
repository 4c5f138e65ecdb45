package kafkasim.generator.report;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows the log topic on its own thread and feeds every line to a {@link PathMetrics}: the progress line, the
 * drain condition and summary.json's {@code paths} are read from there. Reads with {@code assign} (no consumer
 * group) from the beginning of the topic.
 */
public final class PathMetricsReader implements AutoCloseable {
    private final PathMetrics metrics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean closed;

    public PathMetricsReader(String bootstrap, String logTopic, String runId) {
        this.metrics = new PathMetrics(runId);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(logTopic).stream()
                .map(i -> new TopicPartition(logTopic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::poll, "path-metrics-reader");
        thread.setDaemon(true);
        thread.start();
    }

    public PathMetrics metrics() {
        return metrics;
    }

    private void poll() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    metrics.accept(r.value());
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Waits until {@code done} holds for the totals, checking every 250 ms; false on timeout. */
    public boolean await(Predicate<Map<String, PathTotals>> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.test(metrics.totals())) {
                return true;
            }
            Thread.sleep(250);
        }
        return done.test(metrics.totals());
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        thread.join(5000);
    }
}
