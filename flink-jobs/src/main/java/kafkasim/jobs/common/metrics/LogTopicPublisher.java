package kafkasim.jobs.common.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends metric records to the log topic with a plain {@link KafkaProducer} owned by one subtask (used from its
 * operator thread only). Readers rely on a subtask's records arriving in checkpoint order, so the producer is
 * idempotent with acks=all and one request in flight: a retried batch can neither be reordered nor doubled.
 * {@code max.block.ms=0}, so {@code send()} never waits. Until the topic's metadata has arrived, records wait in
 * order in a bounded backlog and go out on a later publish or tick: the records carry counts, so the first
 * checkpoints of a job must not be dropped while the producer connects. Delivery failures and backlog overflow are
 * counted and logged (the first ten, then every 100th), never thrown.
 */
final class LogTopicPublisher implements MetricRecordSink {
    /** Records kept while the topic's metadata is missing: an hour of 1 s checkpoints. */
    static final int BACKLOG_CAPACITY = 3600;
    static final long PROBE_INTERVAL_MS = 50;
    static final long CLOSE_TIMEOUT_MS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(LogTopicPublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String process;
    private final ArrayDeque<ProducerRecord<byte[], byte[]>> backlog = new ArrayDeque<>();
    private final AtomicLong failures = new AtomicLong();
    private final Callback onCompletion = (metadata, exception) -> {
        if (exception != null) {
            failed("delivery failed: " + exception);
        }
    };
    private boolean metadataReady;
    private long nextProbeAtMs;

    LogTopicPublisher(String bootstrap, String topic, String process) {
        this(createProducer(bootstrap, process), topic, process);
    }

    /** Test seam: any producer, e.g. Kafka's MockProducer. */
    LogTopicPublisher(Producer<byte[], byte[]> producer, String topic, String process) {
        this.producer = producer;
        this.topic = topic;
        this.process = process;
        isReady(); // asks for the topic's metadata now, not at the first checkpoint
    }

    static Producer<byte[], byte[]> createProducer(String bootstrap, String process) {
        return new KafkaProducer<>(producerProperties(bootstrap, process), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    static Properties producerProperties(String bootstrap, String process) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "kafkasim-metrics-" + process);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * 1024 * 1024);
        return props;
    }

    @Override
    public void publish(String key, byte[] value) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                value);
        if (backlog.isEmpty() && isReady()) {
            send(record);
            return;
        }
        if (backlog.size() >= BACKLOG_CAPACITY) {
            backlog.pollFirst();
            failed("backlog full, dropped the oldest record");
        }
        backlog.addLast(record);
        drainBacklog();
    }

    @Override
    public void tick() {
        drainBacklog();
    }

    long failures() {
        return failures.get();
    }

    int backlogSize() {
        return backlog.size();
    }

    @Override
    public void close() {
        drainBacklog();
        if (!backlog.isEmpty()) {
            failures.addAndGet(backlog.size());
            LOG.warn("{}: {} metric record(s) never reached {} (no metadata)", process, backlog.size(), topic);
            backlog.clear();
        }
        try {
            producer.close(Duration.ofMillis(CLOSE_TIMEOUT_MS)); // unsent records reach onCompletion as failures
        } catch (RuntimeException e) {
            LOG.warn("{}: closing the metrics producer failed: {}", process, e.toString());
        }
    }

    private void drainBacklog() {
        while (!backlog.isEmpty() && isReady()) {
            send(backlog.pollFirst());
        }
    }

    private boolean isReady() {
        if (metadataReady) {
            return true;
        }
        long nowMs = System.currentTimeMillis();
        if (nowMs < nextProbeAtMs) {
            return false;
        }
        nextProbeAtMs = nowMs + PROBE_INTERVAL_MS;
        try {
            // with max.block.ms=0 this answers from the metadata cache or fails at once (and requests metadata)
            producer.partitionsFor(topic);
            metadataReady = true;
        } catch (RuntimeException notYet) {
            metadataReady = false;
        }
        return metadataReady;
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record, onCompletion);
        } catch (RuntimeException e) {
            failed("send failed: " + e);
        }
    }

    private void failed(String what) {
        long n = failures.incrementAndGet();
        if (n <= 10 || n % 100 == 0) {
            LOG.warn("{}: metric record to {} lost ({} so far): {}", process, topic, n, what);
        }
    }
}
