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
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends metric records to the log topic with a plain {@link KafkaProducer} owned by one subtask (used from its
 * operator thread only). Readers rely on a subtask's records arriving in checkpoint order, so the producer is
 * idempotent with acks=all and one request in flight: a retried batch can neither be reordered nor doubled.
 * {@code max.block.ms=0}, so {@code send()} never waits. Until the topic's metadata has arrived, records wait in
 * order in a bounded backlog and go out on a later publish or tick: the records carry counts, so the first
 * checkpoints of a job must not be dropped while the producer connects. The same holds while the broker is down
 * (a fault): once the topic's metadata expires, the producer refuses records at once, and they wait in the
 * backlog too. Delivery failures and backlog overflow are
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
    private final AtomicLong settled = new AtomicLong();
    /** The operator's thread while it is inside producer.send() (a callback on it is a refusal, not a delivery). */
    private volatile Thread sending;
    private boolean refusedForMetadata;
    private final Callback onCompletion = (metadata, exception) -> {
        if (sending == Thread.currentThread() && exception instanceof TimeoutException) {
            // failed inside send(), on this thread: the topic's metadata is gone (the broker is down long enough
            // for it to expire); with max.block.ms=0 the producer fails such a record at once instead of waiting
            refusedForMetadata = true;
            return;
        }
        if (exception != null) {
            failed("delivery failed: " + exception);
        } else {
            settled.incrementAndGet();
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
        if (backlog.isEmpty() && isReady() && send(record)) {
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

    /** Delivered or lost for good, in the order handed over (a send that throws settles out of order: rare). */
    @Override
    public long settled() {
        return settled.get();
    }

    int backlogSize() {
        return backlog.size();
    }

    @Override
    public void close() {
        drainBacklog();
        if (!backlog.isEmpty()) {
            failures.addAndGet(backlog.size());
            settled.addAndGet(backlog.size());
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
            if (!send(backlog.peekFirst())) {
                return; // still first in line: order is kept
            }
            backlog.pollFirst();
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

    /**
     * Hands one record to the producer; false if the producer refused it for missing metadata (the caller keeps it
     * in the backlog and waits for the metadata again).
     */
    private boolean send(ProducerRecord<byte[], byte[]> record) {
        sending = Thread.currentThread();
        refusedForMetadata = false;
        try {
            producer.send(record, onCompletion);
        } catch (RuntimeException e) {
            failed("send failed: " + e);
        } finally {
            sending = null;
        }
        if (refusedForMetadata) {
            metadataReady = false;
            return false;
        }
        return true;
    }

    /** One record lost for good: counted, logged now and then, and settled (its operator may forget it). */
    private void failed(String what) {
        settled.incrementAndGet();
        long n = failures.incrementAndGet();
        if (n <= 10 || n % 100 == 0) {
            LOG.warn("{}: metric record to {} lost ({} so far): {}", process, topic, n, what);
        }
    }
}
