package kafkasim.generator.logging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
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
 * Best-effort copy of every log line to a Kafka topic, driven by the writer thread only.
 * <p>
 * {@code max.block.ms=0} means {@code send()} never waits for metadata or buffer space, so a missing broker cannot
 * stall the file writer. Until the topic's metadata has arrived once, lines wait in a small bounded backlog and are
 * sent, in order, on a later publish or idle tick; lines that overflow it, fail delivery, or are still waiting at
 * close are counted in {@link #publishErrors()} and never thrown.
 */
final class KafkaLogPublisher {
    static final int BACKLOG_CAPACITY = 1024;
    /** Minimum spacing of metadata probes while the broker has not answered yet. */
    static final long PROBE_INTERVAL_MS = 10;
    static final int DELIVERY_TIMEOUT_MS = 5_000;
    static final int REQUEST_TIMEOUT_MS = 3_000;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaLogPublisher.class);

    private final String topic;
    private final byte[] key;
    private final Producer<byte[], byte[]> producer; // null when it could not be created
    private final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
    private final AtomicLong publishErrors = new AtomicLong();
    private final Callback onCompletion = (metadata, exception) -> {
        if (exception != null) {
            publishErrors.incrementAndGet();
        }
    };
    private boolean metadataReady;
    private long nextProbeAtMs;

    KafkaLogPublisher(String bootstrap, String topic, String process) {
        this(createProducer(bootstrap, process), topic, process);
    }

    /** Test seam: any producer, e.g. Kafka's MockProducer. */
    KafkaLogPublisher(Producer<byte[], byte[]> producer, String topic, String process) {
        this.producer = producer;
        this.topic = topic;
        this.key = process.getBytes(StandardCharsets.UTF_8);
    }

    private static Producer<byte[], byte[]> createProducer(String bootstrap, String process) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "simlog-" + process);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false); // idempotence would force acks=all
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * 1024 * 1024);
        try {
            return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        } catch (RuntimeException e) {
            // e.g. an unresolvable bootstrap address: keep logging to the file, count every line as an error
            LOG.warn("log publishing to Kafka disabled for {}: {}", process, e.toString());
            return null;
        }
    }

    /** Publishes one encoded line (its trailing newline is not sent). */
    void publish(byte[] line) {
        if (producer == null) {
            publishErrors.incrementAndGet();
            return;
        }
        int length = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
        byte[] value = Arrays.copyOf(line, length);
        if (!backlog.isEmpty() || !isReady()) {
            if (backlog.size() >= BACKLOG_CAPACITY) {
                backlog.pollFirst();
                publishErrors.incrementAndGet();
            }
            backlog.addLast(value);
            drainBacklog();
            return;
        }
        send(value);
    }

    /** Called by the idle writer so that a backlog does not wait for the next log call. */
    void tick() {
        if (!backlog.isEmpty()) {
            drainBacklog();
        }
    }

    /** Sends what it can, counts the rest as errors and closes the producer within {@code timeoutMs}. */
    void close(long timeoutMs) {
        if (producer == null) {
            return;
        }
        drainBacklog();
        publishErrors.addAndGet(backlog.size());
        backlog.clear();
        try {
            // records still unsent after the timeout are aborted and reach onCompletion as errors
            producer.close(Duration.ofMillis(timeoutMs));
        } catch (RuntimeException e) {
            LOG.warn("closing the log producer failed: {}", e.toString());
        }
    }

    long publishErrors() {
        return publishErrors.get();
    }

    private void drainBacklog() {
        if (!isReady()) {
            return;
        }
        while (!backlog.isEmpty()) {
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
            // with max.block.ms=0 this answers from the cache or fails at once, and asks the sender for metadata
            producer.partitionsFor(topic);
            metadataReady = true;
        } catch (RuntimeException notYet) {
            metadataReady = false;
        }
        return metadataReady;
    }

    private void send(byte[] value) {
        try {
            // failures (also immediate ones such as a full buffer) are reported to onCompletion
            producer.send(new ProducerRecord<>(topic, key, value), onCompletion);
        } catch (RuntimeException e) {
            publishErrors.incrementAndGet();
        }
    }
}
