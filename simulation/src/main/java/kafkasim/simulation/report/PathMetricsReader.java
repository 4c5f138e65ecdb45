package kafkasim.simulation.report;

import kafkasim.common.security.KafkaClientSecurity;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import kafkasim.common.metrics.SliceTotals;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows the log topic on its own thread and feeds every line to a {@link PathMetrics}: the progress line, the
 * drain condition and summary.json's {@code paths} are read from there. Reads with {@code assign} (no consumer
 * group) from the beginning of the topic; {@link #catchUp} waits until it has read everything published so far.
 */
public final class PathMetricsReader implements AutoCloseable {
    private final PathMetrics metrics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final List<TopicPartition> partitions;
    private volatile boolean closed;
    /** Set by {@link #catchUp}, completed by the polling thread once its position reaches the ends taken then. */
    private volatile CompletableFuture<Void> caughtUp;

    public PathMetricsReader(String bootstrap, String logTopic, String runId) {
        this(bootstrap, KafkaClientSecurity.NONE, logTopic, runId);
    }

    /** As above, the consumer connecting with {@code security}. */
    public PathMetricsReader(String bootstrap, KafkaClientSecurity security, String logTopic, String runId) {
        this.metrics = new PathMetrics(runId);
        Properties p = security.applyTo(new Properties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.partitions = consumer.partitionsFor(logTopic).stream()
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
        Map<TopicPartition, Long> ends = null;
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    metrics.accept(r.value());
                }
                CompletableFuture<Void> request = caughtUp;
                if (request != null && !request.isDone()) {
                    if (ends == null) {
                        ends = consumer.endOffsets(partitions);
                    }
                    if (ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                        request.complete(null);
                        ends = null;
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Waits until {@code done} holds for the totals, checking every 250 ms; false on timeout. */
    public boolean await(Predicate<Map<String, SliceTotals>> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.test(metrics.totals())) {
                return true;
            }
            Thread.sleep(250);
        }
        return done.test(metrics.totals());
    }

    /**
     * Waits until every record published to the log topic before this call has been read; false on timeout. The
     * path jobs' last records (those of their final savepoints) are in the topic once the jobs have stopped.
     */
    public boolean catchUp(Duration timeout) throws InterruptedException {
        CompletableFuture<Void> request = new CompletableFuture<>();
        caughtUp = request;
        try {
            request.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        thread.join(5000);
    }
}
