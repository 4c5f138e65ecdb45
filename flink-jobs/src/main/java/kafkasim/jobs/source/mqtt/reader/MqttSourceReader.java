package kafkasim.jobs.source.mqtt.reader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafkasim.jobs.source.mqtt.MqttRecordDeserializer;
import kafkasim.jobs.source.mqtt.MqttSourceSettings;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads its splits' MQTT connections and acknowledges messages as the source's ack mode says (see
 * {@link kafkasim.jobs.source.mqtt.MqttSource} for the guarantees).
 *
 * <p>Why {@link SourceReader} directly and not Flink's {@code SourceReaderBase}: the base class is built for pull
 * clients (a fetcher thread polls a {@code SplitReader} and tracks a position per split). The MQTT client pushes
 * messages from its own threads, a split has no position, and what a checkpoint must do is remember which
 * messages to acknowledge, not where to resume: on the base class that would be a fetcher thread per reader that
 * only moves messages from one queue to another, and split state that carries nothing.
 *
 * <p>Threads: the MQTT clients run on their shared Netty event loops and deliver every message on one callback
 * thread of this reader, which hands it over through a bounded queue ({@link MessageHandover}) to the task
 * thread; everything else here (emitting, snapshots, acknowledgements, splits) runs on the task thread.
 */
public final class MqttSourceReader<T> implements SourceReader<T, MqttTopicSplit>, SplitConnection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSourceReader.class);
    public static final String RECEIVED_METRIC = "mqttMessagesReceived";
    public static final String ACKNOWLEDGED_METRIC = "mqttMessagesAcknowledged";
    public static final String PENDING_ACKS_METRIC = "mqttPendingAcks";
    static final long CLOSE_TIMEOUT_MS = 15_000;

    private final SourceReaderContext context;
    private final MqttSourceSettings settings;
    private final MqttRecordDeserializer<T> deserializer;
    private final MessageHandover handover = new MessageHandover(MessageHandover.CAPACITY);
    private final PendingAcks pendingAcks = new PendingAcks();
    private final Map<String, MqttTopicSplit> splits = new LinkedHashMap<>();
    private final Map<String, SplitConnection> connections = new LinkedHashMap<>();
    private final ExecutorService callbacks;
    private final OutputCollector<T> collector = new OutputCollector<>();
    private final Counter received;
    private final Counter acknowledged;
    /** {@link PendingAcks#pending()} for the metric reporter's thread. */
    private volatile long pendingAckCount;

    public MqttSourceReader(SourceReaderContext context, MqttSourceSettings settings,
                            MqttRecordDeserializer<T> deserializer) {
        this.context = context;
        this.settings = settings;
        this.deserializer = deserializer;
        MetricGroup metrics = context.metricGroup();
        received = metrics.counter(RECEIVED_METRIC);
        acknowledged = metrics.counter(ACKNOWLEDGED_METRIC);
        metrics.gauge(PENDING_ACKS_METRIC, () -> pendingAckCount);
        String threadName = "mqtt-source-callbacks-" + context.getIndexOfSubtask();
        // after close, late deliveries are discarded (a rejection would only be logged by RxJava as an error)
        callbacks = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    @Override
    public void start() {
        try {
            deserializer.open(context.metricGroup().addGroup("deserializer"));
        } catch (Exception e) {
            throw new IllegalStateException("the MQTT source's deserializer failed to open", e);
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        ReceivedMessage message = handover.poll();
        if (message == null) {
            return InputStatus.NOTHING_AVAILABLE;
        }
        collector.output = output;
        deserializer.deserialize(message.topic(), message.payload(), collector);
        if (message.acknowledge() != null) {
            pendingAcks.add(message.acknowledge());
            pendingAckCount = pendingAcks.pending();
        }
        return handover.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return handover.availability();
    }

    /** The splits are the state; the messages emitted since the last snapshot now wait for this checkpoint. */
    @Override
    public List<MqttTopicSplit> snapshotState(long checkpointId) {
        pendingAcks.snapshot(checkpointId);
        return new ArrayList<>(splits.values());
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        acknowledged.inc(pendingAcks.acknowledgeUpTo(checkpointId));
        pendingAckCount = pendingAcks.pending();
    }

    @Override
    public void addSplits(List<MqttTopicSplit> newSplits) {
        for (MqttTopicSplit split : newSplits) {
            if (splits.putIfAbsent(split.splitId(), split) != null) {
                LOG.warn("split {} assigned twice to reader {}; ignored", split, context.getIndexOfSubtask());
                continue;
            }
            SplitConnection connection = SplitConnection.create(settings, split, this, callbacks);
            connections.put(split.splitId(), connection);
            connection.start();
        }
    }

    @Override
    public void notifyNoMoreSplits() {
        // the enumerator never says so: the source is unbounded
    }

    /** Callback thread. */
    @Override
    public void onMessage(ReceivedMessage message) {
        received.inc();
        if (message.acknowledge() == null && settings.qos() > 0) {
            acknowledged.inc(); // the client acknowledges it as it hands it over
        }
        handover.put(message);
    }

    @Override
    public void onFailure(Throwable cause) {
        handover.fail(cause);
    }

    /**
     * Disconnects every split without acknowledging anything not yet covered by a completed checkpoint, and waits
     * (bounded) until the connections are gone, so a restarted reader does not meet them. A cancelling task is
     * interrupted: then the disconnects are started but not awaited, and the interrupt is kept.
     */
    @Override
    public void close() throws Exception {
        handover.close();
        List<CompletableFuture<Void>> stopped = new ArrayList<>();
        for (SplitConnection connection : connections.values()) {
            stopped.add(connection.stop());
        }
        boolean interrupted = false;
        try {
            CompletableFuture.allOf(stopped.toArray(new CompletableFuture<?>[0]))
                    .get(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("reader {}: MQTT connections not closed after {} ms", context.getIndexOfSubtask(),
                    CLOSE_TIMEOUT_MS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        long unacknowledged = pendingAcks.discard();
        pendingAckCount = 0;
        if (unacknowledged > 0) {
            LOG.info("reader {} closed with {} messages unacknowledged (the broker keeps them in the sessions)",
                    context.getIndexOfSubtask(), unacknowledged);
        }
        callbacks.shutdown(); // the callback thread ends once the handover released it
        connections.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Emits the deserializer's records to the current output; one per reader, no allocation per message. */
    private static final class OutputCollector<T> implements Collector<T> {
        ReaderOutput<T> output;

        @Override
        public void collect(T record) {
            output.collect(record);
        }

        @Override
        public void close() {
        }
    }
}
