package kafkasim.jobs.source.mqtt;

import java.util.ArrayList;
import java.util.List;
import kafkasim.jobs.source.mqtt.enumerator.MqttEnumeratorState;
import kafkasim.jobs.source.mqtt.enumerator.MqttEnumeratorStateSerializer;
import kafkasim.jobs.source.mqtt.enumerator.MqttSplitEnumerator;
import kafkasim.jobs.source.mqtt.reader.MqttSourceReader;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplit;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplitSerializer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * An unbounded MQTT source (FLIP-27) built with {@link #builder()}, in the shape of Flink's Kafka source. Each topic
 * filter is a split: one subscription over one connection (client id {@code <clientIdPrefix>-<splitId>}), owned by
 * one reader, so a device's messages (one topic) arrive in the order the broker delivered them. Readers beyond the
 * number of filters stay idle. Every connection is an MQTT 5 (or 3.1.1) HiveMQ async client with a persistent
 * session ({@code cleanStart=false}, {@code sessionExpirySec}) that reconnects by itself after a lost connection.
 *
 * <p><b>What it guarantees, and what it cannot.</b> MQTT has no replay: a message acknowledged to the broker is gone
 * from it, and the broker's session is the only record of what was not. So:
 * <ul>
 *   <li>{@link MqttAckMode#AFTER_CHECKPOINT} (default, QoS 1/2): a message is acknowledged only when the checkpoint
 *   that covers it has completed. When a reader fails, what it had not acknowledged is still in its session, and
 *   the broker redelivers it to the restarted reader (same client id): <b>at-least-once</b>, with duplicates
 *   (everything since the last completed checkpoint, and the last checkpoint's messages if its completion was not
 *   yet acknowledged), <b>no loss as long as the broker keeps the session</b>. A broker that loses the session
 *   (it expired, the broker restarted without persistence, it dropped queued messages over its queue limit) loses
 *   those messages; a reconnecting reader logs a warning when it finds its session gone. A reconnect after a lost
 *   connection also makes the broker redeliver what was not acknowledged (more duplicates, no loss).
 *   <li>{@link MqttAckMode#ON_RECEIPT}: the client acknowledges each message as it receives it, as a plain MQTT
 *   consumer does: messages received but not yet covered by a completed checkpoint are <b>lost</b> when a reader
 *   fails or the job stops.
 *   <li>QoS 0 (only with ON_RECEIPT): nothing is acknowledged or redelivered; the client drops messages when the
 *   job does not keep up.
 * </ul>
 *
 * <p><b>Flow control.</b> The broker sends a connection at most a window of unacknowledged QoS 1/2 messages: the
 * client's receive maximum (MQTT 5; default 65,535, the protocol's maximum) or less if the broker caps it. The reader
 * hands messages to the task through a bounded queue whose full state holds back the client and, through the
 * unacknowledged window, the broker. With AFTER_CHECKPOINT every message stays unacknowledged until its checkpoint
 * completes, so a connection carries at most <i>window ÷ checkpoint interval</i> messages per second: HiveMQ CE caps
 * the window at 50 unless raised (25 msg/s per connection at 2 s checkpoints). Unacknowledged messages stay in memory
 * until acknowledged (at most the window per connection).
 *
 * <p><b>Mosquitto 2.0.11</b> (Debian's), measured: the window is {@code max_inflight_messages} (default 20) for MQTT
 * 5 clients too (the smaller of it and the receive maximum), but the broker refills it wrongly (eclipse-mosquitto
 * #2301): every acknowledgement of the oldest message in flight lets it send up to a whole window more, so after the
 * first checkpoint the window grows about twentyfold per checkpoint (20 acknowledgements → 400 in flight). The rate
 * is then not bounded by 20 ÷ interval, but a connection whose backlog exceeds the client's receive maximum gets
 * more than that in flight: the client disconnects ("receive maximum exceeded") and, since the broker resends
 * everything in flight on reconnect, keeps doing so. Keep the receive maximum at 65,535 there and each connection's
 * backlog below it (more, narrower filters); the client holds MQTT 3.1.1 connections to 65,535 as well.
 *
 * <p>The topic filters and the client id prefix are part of the job's identity: a restored job keeps the splits
 * it was checkpointed with, and a new job with the same prefix and filters resumes the previous job's sessions
 * (it receives what they still hold).
 */
public final class MqttSource<T>
        implements Source<T, MqttTopicSplit, MqttEnumeratorState>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final MqttSourceSettings settings;
    private final List<MqttTopicSplit> splits;
    private final MqttRecordDeserializer<T> deserializer;

    MqttSource(MqttSourceSettings settings, List<String> topicFilters, MqttRecordDeserializer<T> deserializer) {
        this.settings = settings;
        List<MqttTopicSplit> all = new ArrayList<>();
        for (int i = 0; i < topicFilters.size(); i++) {
            all.add(MqttTopicSplit.of(i, topicFilters.get(i)));
        }
        this.splits = List.copyOf(all);
        this.deserializer = deserializer;
    }

    public static <T> MqttSourceBuilder<T> builder() {
        return new MqttSourceBuilder<>();
    }

    public MqttSourceSettings settings() {
        return settings;
    }

    /** One split per topic filter, in the builder's order. */
    public List<MqttTopicSplit> splits() {
        return splits;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<T, MqttTopicSplit> createReader(SourceReaderContext readerContext) {
        return new MqttSourceReader<>(readerContext, settings, deserializer);
    }

    @Override
    public SplitEnumerator<MqttTopicSplit, MqttEnumeratorState> createEnumerator(
            SplitEnumeratorContext<MqttTopicSplit> enumContext) {
        return new MqttSplitEnumerator(enumContext, splits);
    }

    @Override
    public SplitEnumerator<MqttTopicSplit, MqttEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<MqttTopicSplit> enumContext, MqttEnumeratorState checkpoint) {
        return new MqttSplitEnumerator(enumContext, checkpoint.unassignedSplits());
    }

    @Override
    public SimpleVersionedSerializer<MqttTopicSplit> getSplitSerializer() {
        return MqttTopicSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<MqttEnumeratorState> getEnumeratorCheckpointSerializer() {
        return MqttEnumeratorStateSerializer.INSTANCE;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return deserializer.getProducedType();
    }
}
