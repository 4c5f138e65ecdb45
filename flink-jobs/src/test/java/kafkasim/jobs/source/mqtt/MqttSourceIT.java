package kafkasim.jobs.source.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.MqttVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.scenario.MqttSettings;
import kafkasim.infra.mqtt.EmbeddedMosquitto;
import kafkasim.infra.mqtt.EmbeddedMqttBroker;
import kafkasim.infra.mqtt.MqttBrokerOptions;
import kafkasim.jobs.source.EnvelopeSourceContract;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What only the MQTT source does, on a Flink MiniCluster against Debian's Mosquitto (infra's launcher): what
 * acknowledging on receipt loses when a reader fails, and how acknowledging after checkpoints holds an MQTT 3.1.1
 * connection's first window until a checkpoint completes. What every envelope source promises (order, at-least-once
 * across a failure, malformed payloads, a later job under the same group, nothing left unconsumed) is
 * {@code EnvelopeSourceContract}'s, run on Mosquitto by {@link MosquittoEnvelopeSourceContractIT}.
 */
class MqttSourceIT {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSourceIT.class);
    static final List<String> TYPES = List.of("temperature", "power");
    static final List<String> FILTERS = List.of("devices/temperature/+/telemetry", "devices/power/+/telemetry");
    static final int DEVICES_PER_TYPE = 5;
    static final int SEQS = 500;
    static final int MESSAGES = TYPES.size() * DEVICES_PER_TYPE * SEQS;
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final long CHECKPOINT_INTERVAL_MS = 500;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /**
     * No persistence (sessions live as long as the broker), a queue limit far above the 2,500 messages a session
     * holds here (Mosquitto's default drops beyond 1,000 per client; infra's options have no "unlimited"), and
     * Mosquitto's own in-flight window (20), which the MQTT 3.1.1 test measures.
     */
    static final MqttBrokerOptions OPTIONS = MqttBrokerOptions.defaults().withPersistence(false)
            .withMaxQueuedMessages(MqttSettings.DEFAULT_BROKER_MAX_QUEUED_MESSAGES);

    @TempDir
    static Path tmp;
    static EmbeddedMqttBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedMqttBroker.start(EmbeddedMosquitto.KIND, tmp.resolve("mosquitto"), 0, OPTIONS);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * Documents, does not demand: acknowledged on receipt, what the failed reader held is gone. Devices send an end
     * marker after the restart; once every marker arrived, everything published before it arrived or is lost.
     */
    @Test
    void onReceiptAcknowledgementLosesWhatWasInFlightWhenAReaderFails() throws Exception {
        MqttSource<Envelope> source = source("it-on-receipt", MqttAckMode.ON_RECEIPT, MqttVersion.MQTT_5_0);
        MqttTestClients.createSessions(broker.port(), source);
        assertEquals(MESSAGES, MqttTestClients.publish(broker.port(), TYPES, DEVICES_PER_TYPE, 0, SEQS, 4));
        Recorder.reset(MESSAGES, SEQS, MESSAGES / 2, 200_000);
        JobClient job = run(source, true);
        try {
            await(Recorder.FAILED::get, () -> "no failure after " + Recorder.RECORDS.get() + " records");
            int devices = TYPES.size() * DEVICES_PER_TYPE;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            // a marker the failed reader still received is acknowledged and dropped: send again until all arrive
            for (long round = 0; Recorder.MARKERS.size() < devices; round++) {
                assertTrue(System.nanoTime() < deadline, "markers arrived from " + Recorder.MARKERS);
                MqttTestClients.publish(broker.port(), TYPES, DEVICES_PER_TYPE, SEQS + round, SEQS + round + 1, 1);
                long roundEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (Recorder.MARKERS.size() < devices && System.nanoTime() < roundEnd) {
                    Thread.sleep(20);
                }
            }
            awaitCoveringCheckpointAndCancel(job);
        } finally {
            cancel(job);
        }
        Set<String> published = new HashSet<>();
        for (String type : TYPES) {
            for (int i = 0; i < DEVICES_PER_TYPE; i++) {
                for (long seq = 0; seq < SEQS; seq++) {
                    published.add(Envelope.deviceId(type, i) + "/" + seq);
                }
            }
        }
        Set<String> received = Recorder.COMMITTED.keySet();
        assertTrue(published.containsAll(received), "only published messages arrive");
        long missing = published.stream().filter(k -> !received.contains(k)).count();
        LOG.info("ON_RECEIPT across a reader failure: {} published, {} distinct in completed checkpoints, {} lost "
                + "(acknowledged but not checkpointed at the failure), {} duplicates", MESSAGES, received.size(),
                missing, Recorder.duplicates());
        assertEquals(MESSAGES, received.size() + missing);
    }

    /**
     * MQTT 3.1.1 has no receive maximum: Mosquitto's {@code max_inflight_messages} (20) bounds each connection's
     * unacknowledged messages. Everything is queued before the job starts, so until the first checkpoint completes
     * (and its acknowledgements go out) each connection can receive its first 20 messages and no more; acknowledged
     * on receipt, all of them would pour in at once. (Mosquitto 2.0.11 refills its window by more than one per
     * acknowledgement, so later windows are larger: only the first is exact.)
     */
    @Test
    void afterCheckpointAcknowledgementHoldsTheFirstWindowUntilACheckpointCompletes() throws Exception {
        int seqs = 20;
        int window = 20;
        int messages = TYPES.size() * DEVICES_PER_TYPE * seqs;
        MqttSource<Envelope> source = source("it-v311", MqttAckMode.AFTER_CHECKPOINT, MqttVersion.MQTT_3_1_1);
        MqttTestClients.createSessions(broker.port(), source);
        assertEquals(messages, MqttTestClients.publish(broker.port(), TYPES, DEVICES_PER_TYPE, 0, seqs, 2));
        Recorder.reset(messages, Long.MAX_VALUE, Long.MAX_VALUE, 0);
        JobClient job = run(source, false);
        try {
            awaitDistinct("MQTT 3.1.1");
            LOG.info("MQTT 3.1.1, AFTER_CHECKPOINT, in-flight window {}: {} of {} queued messages read before the "
                    + "first checkpoint completed", window, Recorder.BEFORE_FIRST_CHECKPOINT.get(), messages);
            assertTrue(Recorder.BEFORE_FIRST_CHECKPOINT.get() <= 2L * window,
                    Recorder.BEFORE_FIRST_CHECKPOINT.get() + " read before any acknowledgement");
            List<Long> expected = LongStream.range(0, seqs).boxed().toList();
            Recorder.ARRIVALS.forEach((device, arrived) -> assertEquals(expected, arrived, device + "'s seqs"));
            awaitCoveringCheckpointAndCancel(job);
        } finally {
            cancel(job);
        }
        assertNothingLeftInTheSessions(source);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static MqttSource<Envelope> source(String clientIdPrefix, MqttAckMode ackMode, MqttVersion version) {
        return MqttSource.<Envelope>builder().serverUri(broker.url()).topicFilters(FILTERS)
                .clientIdPrefix(clientIdPrefix).ackMode(ackMode).mqttVersion(version)
                .deserializer(new MqttEnvelopeDeserializer()).build();
    }

    /** Source (parallelism 2, one filter each) → recorder → discard, 500 ms checkpoints. */
    private static JobClient run(MqttSource<Envelope> source, boolean restartOnFailure) throws Exception {
        StreamExecutionEnvironment env = EnvelopeSourceContract.environment(2, CHECKPOINT_INTERVAL_MS,
                restartOnFailure);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "mqtt").uid("mqtt-source")
                .map(new Recorder(), TypeInformation.of(Envelope.class)).name("recorder").uid("recorder")
                .sinkTo(new DiscardingSink<>()).name("discard");
        return env.executeAsync(source.settings().clientIdPrefix());
    }

    private static void awaitDistinct(String what) throws InterruptedException {
        if (!Recorder.distinct.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError(what + ": " + Recorder.COMMITTED.size() + " of " + (Recorder.COMMITTED.size()
                    + Recorder.distinct.getCount()) + " distinct messages within " + TIMEOUT + " ("
                    + Recorder.RECORDS.get() + " records, failed: " + Recorder.FAILED.get() + ")");
        }
    }

    /**
     * Waits until both subtasks completed a checkpoint that began after the last message was read (two beyond the
     * last completed one: the next may have begun before), so every message is committed and acknowledged, then
     * cancels.
     */
    private static void awaitCoveringCheckpointAndCancel(JobClient job) throws Exception {
        long coveringAll = Recorder.lastCompleted() + 2;
        await(() -> Recorder.COMPLETED.size() == 2
                        && Recorder.COMPLETED.values().stream().allMatch(id -> id >= coveringAll),
                () -> "checkpoint " + coveringAll + " on both subtasks; completed: " + Recorder.COMPLETED);
        cancel(job);
    }

    private static void assertNothingLeftInTheSessions(MqttSource<Envelope> source) throws Exception {
        for (int i = 0; i < source.splits().size(); i++) {
            MqttTopicSplit split = source.splits().get(i);
            String topic = MqttTestClients.topic(TYPES.get(i), "sentinel");
            assertEquals(0, MqttTestClients.unacknowledgedLeftovers(broker.port(), source, split, topic),
                    "messages the source read but never acknowledged, left in " + split);
        }
    }

    private static void cancel(JobClient job) throws Exception {
        if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        await(() -> {
            try {
                return job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState();
            } catch (Exception e) {
                return true; // the MiniCluster forgets a finished job
            }
        }, () -> "job " + job.getJobID() + " did not terminate");
    }

    /** Polls {@code condition} every 20 ms until it holds, at most {@link #TIMEOUT}. */
    private static void await(BooleanSupplier condition, Supplier<String> failure) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get());
            }
            Thread.sleep(20);
        }
    }
}
