package kafkasim.jobs.source.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.jobs.JobSource;
import kafkasim.common.scenario.MqttSettings;
import kafkasim.infra.mqtt.EmbeddedMqttBroker;
import kafkasim.infra.mqtt.MqttBrokerOptions;
import kafkasim.jobs.source.EnvelopeSourceContract;
import kafkasim.jobs.source.SourceSettings;
import kafkasim.jobs.source.Sources;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The envelope source contract over MQTT as a run reads it: QoS 1, acknowledged after the covering checkpoint, one
 * topic filter (split, connection, session) per device type. The publisher and the probe are plain HiveMQ clients
 * ({@link MqttTestClients}); a subclass per broker starts it through infra's launcher. Beyond the contract: after a
 * covering checkpoint the sessions hold nothing, checked with a probe that has its own test here.
 */
abstract class MqttEnvelopeSourceContract extends EnvelopeSourceContract {
    /** Connections the devices publish over (each device always over the same one). */
    static final int PUBLISHERS = 4;
    /**
     * The limits a run gives the embedded brokers (the scenario defaults): with HiveMQ CE's own in-flight window
     * (50) a source that acknowledges after checkpoints gets 50 messages per connection per checkpoint.
     */
    static final MqttBrokerOptions OPTIONS = MqttBrokerOptions.defaults()
            .withMaxInflightMessages(MqttSettings.DEFAULT_BROKER_INFLIGHT_WINDOW)
            .withMaxQueuedMessages(MqttSettings.DEFAULT_BROKER_MAX_QUEUED_MESSAGES);

    @TempDir
    static Path brokerDir;
    static EmbeddedMqttBroker broker;

    static void startBroker(String kind) {
        broker = EmbeddedMqttBroker.start(kind, brokerDir, 0, OPTIONS);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** The only place these tests build MQTT source settings. */
    @Override
    protected SourceSettings settings(Stream stream) {
        List<String> filters = stream.types().stream().map(type -> "devices/" + type + "/+/telemetry").toList();
        return new SourceSettings(new JobSource.Mqtt(broker.url(), filters, 1, MqttSettings.ACK_CHECKPOINT),
                stream.group(), SourceSettings.LOW_LATENCY_FETCH_WAIT_MS);
    }

    /** The source's sessions, opened as its readers will open them, so they keep what is published before. */
    @Override
    protected void open(Stream stream) throws Exception {
        MqttTestClients.createSessions(broker.port(), source(stream));
    }

    @Override
    protected void publish(Stream stream, List<Message> messages) throws Exception {
        MqttTestClients.publish(broker.port(), messages, PUBLISHERS);
    }

    /**
     * The sessions hold nothing: the source acknowledged everything it read once a checkpoint covered it (what a
     * session still holds, the broker redelivers to the next job of the group, and at its queue limit it drops).
     */
    @Override
    protected void assertNothingLeftForTheGroup(Stream stream) throws Exception {
        MqttSource<Envelope> source = source(stream);
        for (MqttTopicSplit split : source.splits()) {
            assertEquals(0, leftovers(source, split), "messages the source read but never acknowledged, left in "
                    + split);
        }
    }

    /** The probe behind {@link #assertNothingLeftForTheGroup} sees what a session still holds, so it can fail. */
    @Test
    void theLeftoverProbeCountsWhatASessionStillHolds() throws Exception {
        Stream stream = new Stream("probe", 1);
        open(stream);
        String type = stream.types().get(1);
        publish(stream, messages(stream, 0, 7).stream().filter(m -> m.type().equals(type)).toList());
        MqttSource<Envelope> source = source(stream);
        assertEquals(0, leftovers(source, source.splits().get(0)));
        assertEquals(7, leftovers(source, source.splits().get(1)));
    }

    /** What {@code split}'s session holds unacknowledged, counted (and so consumed) by resuming it. */
    private static int leftovers(MqttSource<Envelope> source, MqttTopicSplit split) throws Exception {
        String sentinelTopic = split.topicFilter().replace("+", "sentinel");
        return MqttTestClients.unacknowledgedLeftovers(broker.port(), source, split, sentinelTopic);
    }

    /** The source {@code Sources.envelopes} builds for {@code stream}: its splits and client ids. */
    private MqttSource<Envelope> source(Stream stream) {
        SourceSettings settings = settings(stream);
        return MqttEnvelopeSource.of((JobSource.Mqtt) settings.source(), settings.groupId());
    }
}
