package kafkasim.logtopic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way onto the log topic: the generator's log lines and the Flink operators' metric records. A plain
 * {@link KafkaProducer} owned by one thread (every method but the counters is called from it only), which must
 * never block that thread, never reorder its records, and outlive a broker outage.
 * <p>
 * {@code max.block.ms=0} ({@link LogTopicSettings#producerProperties()}), so {@code send()} never waits. Until the
 * topic's metadata has arrived, records wait in order in a bounded backlog and go out on a later {@link #publish}
 * or {@link #tick}: the first records of a process must not be dropped while its producer connects (metric records
 * carry counts). The same holds while the broker is down long enough for the metadata to expire: the producer then
 * refuses each record at once, inside {@code send()}, and it goes back to the backlog (still first in line) instead
 * of being lost. Delivery failures and backlog overflow are counted, settled and logged (the first ten, then every
 * 100th), never thrown.
 */
public final class LogTopicPublisher implements AutoCloseable {
    static final int LOGGED_FIRST = 10;
    static final int LOGGED_EVERY = 100;
    private static final Logger LOG = LoggerFactory.getLogger(LogTopicPublisher.class);

    private final LogTopicSettings settings;
    private final Producer<byte[], byte[]> producer; // null: it could not be created, every record fails
    private final ArrayDeque<ProducerRecord<byte[], byte[]>> backlog = new ArrayDeque<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    /** The owner's thread while it is inside producer.send() (a callback on it is a refusal, not a delivery). */
    private volatile Thread sending;
    private boolean refused;
    private final Callback onCompletion = (metadata, exception) -> {
        if (sending == Thread.currentThread() && exception instanceof TimeoutException) {
            // failed inside send(), on this thread: with max.block.ms=0 the producer fails a record at once when the
            // topic's metadata is gone (the broker was down long enough for it to expire) or its buffer is full
            // (BufferExhaustedException is a TimeoutException too); both pass, so the record waits its turn
            refused = true;
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

    private LogTopicPublisher(LogTopicSettings settings, Producer<byte[], byte[]> producer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.producer = producer;
        if (producer != null) {
            isReady(); // asks for the topic's metadata now, not at the first record
        }
    }

    /** A publisher with a producer of its own; throws Kafka's exception if it cannot be created (a bad address). */
    public static LogTopicPublisher open(LogTopicSettings settings) {
        return new LogTopicPublisher(settings, new KafkaProducer<>(settings.producerProperties(),
                new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** Test seam: any producer, e.g. Kafka's MockProducer ({@code settings} then only name and size it). */
    public static LogTopicPublisher of(Producer<byte[], byte[]> producer, LogTopicSettings settings) {
        return new LogTopicPublisher(settings, Objects.requireNonNull(producer, "producer"));
    }

    /**
     * As {@link #open}, but never throws: for a process whose records are a copy (its log, which the file keeps), a
     * producer that cannot be created (e.g. an unresolvable bootstrap address) is logged once, and then every record
     * fails at once (counted and settled).
     */
    public static LogTopicPublisher openOrDiscard(LogTopicSettings settings) {
        try {
            return open(settings);
        } catch (RuntimeException e) {
            LOG.warn("publishing to {} disabled for {}: {}", settings.topic(), settings.process(), e.toString());
            return new LogTopicPublisher(settings, null);
        }
    }

    /**
     * Hands over one record (the log topic's value, without newline) under {@code key}; records reach the topic in
     * the order given. Never blocks and never throws for the broker.
     */
    public void publish(String key, byte[] value) {
        if (producer == null) {
            discarded(1);
            return;
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(settings.topic(),
                key.getBytes(StandardCharsets.UTF_8), value);
        if (backlog.isEmpty() && isReady() && send(record)) {
            return;
        }
        if (backlog.size() >= settings.backlogCapacity()) {
            backlog.pollFirst();
            failed("backlog full, dropped the oldest record");
        }
        backlog.addLast(record);
        drainBacklog();
    }

    /** Gives the backlog a chance without a new record (an idle log writer, a checkpoint). */
    public void tick() {
        drainBacklog();
    }

    /** Records lost for good so far: delivery failed, backlog overflow, never sent at close, no producer. */
    public long failures() {
        return failures.get();
    }

    /**
     * Records delivered or lost for good so far; they settle in the order handed over (a send that throws settles
     * out of order: rare). A record refused for missing metadata is not settled: it waits in the backlog.
     */
    public long settled() {
        return settled.get();
    }

    /** Records waiting for the topic's metadata. */
    public int backlogSize() {
        return backlog.size();
    }

    /**
     * Sends what it can, counts the rest as failures and closes the producer within
     * {@link LogTopicSettings#closeTimeoutMs()}; records still unsent then reach the callback as failures.
     */
    @Override
    public void close() {
        if (producer == null) {
            return;
        }
        drainBacklog();
        if (!backlog.isEmpty()) {
            LOG.warn("{}: {} record(s) never reached {} (no metadata)", settings.process(), backlog.size(),
                    settings.topic());
            discarded(backlog.size());
            backlog.clear();
        }
        try {
            producer.close(Duration.ofMillis(settings.closeTimeoutMs()));
        } catch (RuntimeException e) {
            LOG.warn("{}: closing the producer of {} failed: {}", settings.process(), settings.topic(), e.toString());
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
        nextProbeAtMs = nowMs + settings.probeIntervalMs();
        try {
            // with max.block.ms=0 this answers from the metadata cache or fails at once (and requests metadata)
            producer.partitionsFor(settings.topic());
            metadataReady = true;
        } catch (RuntimeException notYet) {
            metadataReady = false;
        }
        return metadataReady;
    }

    /**
     * Hands one record to the producer; false if the producer refused it at once (the caller keeps it in the
     * backlog and waits for the metadata again).
     */
    private boolean send(ProducerRecord<byte[], byte[]> record) {
        sending = Thread.currentThread();
        refused = false;
        try {
            producer.send(record, onCompletion);
        } catch (RuntimeException e) {
            failed("send failed: " + e);
        } finally {
            sending = null;
        }
        if (refused) {
            metadataReady = false;
            return false;
        }
        return true;
    }

    /** One record lost for good: counted, logged now and then, and settled (its owner may forget it). */
    private void failed(String what) {
        long n = discarded(1);
        if (n <= LOGGED_FIRST || n % LOGGED_EVERY == 0) {
            LOG.warn("{}: record to {} lost ({} so far): {}", settings.process(), settings.topic(), n, what);
        }
    }

    private long discarded(int records) {
        settled.addAndGet(records);
        return failures.addAndGet(records);
    }
}
