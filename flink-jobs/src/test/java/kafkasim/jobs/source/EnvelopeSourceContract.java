package kafkasim.jobs.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.envelope.EnvelopeEncoder;
import kafkasim.jobs.common.EnvelopeDecoder;
import kafkasim.jobs.common.JobEnvironments;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every envelope source promises the path jobs, checked by running {@link Sources#envelopes} on a Flink
 * MiniCluster (parallelism 2, 500 ms checkpoints, as the path ITs) against a real broker: every envelope arrives
 * decoded and each device's in order; at-least-once across a task failure, replaying only what no completed
 * checkpoint covered; a malformed payload is skipped, counted and logged without stopping the source; a job started
 * later under the same group gets what was published while none ran. A subclass per broker brings the broker (one
 * per test class), the source's settings, a publisher that shares no code with the source, and what the broker must
 * hold for the group once a checkpoint covered everything (there the sources differ: see
 * {@link #assertNothingLeftForTheGroup}).
 *
 * <p>Each test has its own {@link Stream}: device types (one MQTT topic filter each) and a group of its own (a Kafka
 * topic and consumer group, the MQTT sessions' client id prefix), so tests share the broker and nothing else.
 */
public abstract class EnvelopeSourceContract {
    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeSourceContract.class);
    static final int PARALLELISM = 2;
    static final long CHECKPOINT_INTERVAL_MS = 500;
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final int PAYLOAD_BYTES = 256;
    static final long SENT_AT_BASE_US = 1_764_000_000_000_000L;
    /** The value fields of a stream's first and second device type. */
    static final List<List<String>> FIELDS = List.of(List.of("celsius"), List.of("watts", "volts"));

    /** The source's metrics (a fresh reporter for each test class's MiniCluster). */
    static InMemoryReporter metrics;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(() -> {
        metrics = InMemoryReporter.createWithRetainedMetrics();
        return new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(metrics.addToConfiguration(new Configuration()))
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(PARALLELISM).build();
    });

    /**
     * One test's telemetry: two device types ({@code <name>-temperature}, {@code <name>-power}) of
     * {@code devicesPerType} devices each, read by the group {@code contract-<name>}.
     */
    public record Stream(String name, int devicesPerType) {
        public List<String> types() {
            return List.of(name + "-temperature", name + "-power");
        }

        public String group() {
            return "contract-" + name;
        }

        public List<String> deviceIds() {
            List<String> ids = new ArrayList<>();
            for (String type : types()) {
                for (int i = 0; i < devicesPerType; i++) {
                    ids.add(Envelope.deviceId(type, i));
                }
            }
            return ids;
        }
    }

    /** One payload a device publishes to its own address (Kafka key, MQTT topic), as the generator does. */
    public record Message(String type, String deviceId, byte[] payload) {
    }

    /** Creates what the broker needs before anything is published for {@code stream}'s group (topic, sessions). */
    protected abstract void open(Stream stream) throws Exception;

    /** The settings a path job would get to read {@code stream} as its group. */
    protected abstract SourceSettings settings(Stream stream);

    /**
     * Publishes {@code messages} in their order with a client that shares no code with the source, each device's
     * over one connection (so the broker keeps their order), and returns when the broker acknowledged every one.
     */
    protected abstract void publish(Stream stream, List<Message> messages) throws Exception;

    /**
     * Checks what the broker holds for {@code stream}'s group once a completed checkpoint covered everything the job
     * read and the job was stopped right after. The sources differ here, so each says its own: MQTT's acknowledges
     * on completion, and the sessions must hold nothing (else the broker redelivers it all and, at its queue limit,
     * drops); Kafka's committed offsets are for monitoring only (a restore uses the checkpoint's) and reach the
     * broker late.
     */
    protected abstract void assertNothingLeftForTheGroup(Stream stream) throws Exception;

    // ---------------------------------------------------------------------------------------------------------

    /**
     * Envelopes published while the job runs arrive decoded (every field as published) and each device's in its
     * order, and nothing else arrives.
     */
    @Test
    void everyEnvelopeArrivesDecodedEachDevicesInOrder() throws Exception {
        Stream stream = new Stream("order", 4);
        int seqs = 250;
        open(stream);
        Arrivals.reset(Arrivals.NEVER, 0);
        JobClient job = start(stream, false);
        try {
            publish(stream, messages(stream, 0, seqs));
            awaitArrived(job, stream, 0, seqs);
            Map<String, List<Envelope>> arrived = Arrivals.byDevice();
            for (String device : stream.deviceIds()) {
                assertEquals(expected(stream, device, 0, seqs), arrived.get(device), device + "'s envelopes");
            }
            assertEquals(stream.deviceIds().size() * (long) seqs, Arrivals.count(), "only what was published");
            awaitCoveringCheckpoint(job);
        } finally {
            cancel(job);
        }
        assertNothingLeftForTheGroup(stream);
    }

    /**
     * At-least-once across a task failure with checkpointing: everything is published before the job starts, the
     * job is slowed down (2 ms per envelope) and one task fails once, 100 envelopes after it was first told of a
     * completed checkpoint, with envelopes read and not yet checkpointed and most of them still unread. After the restore from the last checkpoint every envelope has arrived; no attempt saw one twice,
     * and what arrived twice is only what the failed attempt had read after the last checkpoint it knew complete
     * (the replay).
     */
    @Test
    void atLeastOnceAcrossATaskFailureReplayingOnlyWhatNoCheckpointCovered() throws Exception {
        Stream stream = new Stream("failure", 4);
        int seqs = 400;
        open(stream);
        publish(stream, messages(stream, 0, seqs));
        Arrivals.reset(100, TimeUnit.MILLISECONDS.toNanos(2));
        JobClient job = start(stream, true);
        try {
            awaitArrived(job, stream, 0, seqs);
            assertTrue(Arrivals.failed(), "the job failed once");
            List<Arrivals.Attempt> attempts = Arrivals.attempts();
            assertTrue(attempts.stream().anyMatch(a -> a.number > 0), "a task was restored: " + attempts);
            Map<String, Integer> seenBy = new LinkedHashMap<>();
            Set<String> replayable = new HashSet<>();
            for (Arrivals.Attempt a : attempts) {
                Set<String> once = new HashSet<>();
                for (Envelope e : a.seen) {
                    assertTrue(once.add(key(e)), a + " saw " + key(e) + " twice");
                    seenBy.merge(key(e), 1, Integer::sum);
                }
                boolean replaced = attempts.stream().anyMatch(b -> b.subtask == a.subtask && b.number > a.number);
                if (replaced) {
                    a.unconfirmed().forEach(e -> replayable.add(key(e)));
                }
            }
            List<String> twice = seenBy.entrySet().stream().filter(x -> x.getValue() > 1).map(Map.Entry::getKey)
                    .toList();
            List<String> notReplayable = twice.stream().filter(k -> !replayable.contains(k)).toList();
            assertEquals(List.of(), notReplayable, "arrived twice though a completed checkpoint covered them");
            LOG.info("{}: across a task failure {} published, {} arrived, {} twice (the failed attempt had {} "
                    + "not covered by a completed checkpoint), attempts {}", getClass().getSimpleName(),
                    stream.deviceIds().size() * seqs, Arrivals.count(), twice.size(), replayable.size(), attempts);
            awaitCoveringCheckpoint(job);
        } finally {
            cancel(job);
        }
        assertNothingLeftForTheGroup(stream);
    }

    /**
     * A payload that is no envelope (not JSON, empty, an object missing fields, a cut-off envelope) among a
     * device's envelopes is skipped: counted in the source's {@value EnvelopeDecoder#MALFORMED_METRIC} metric and
     * logged with where it came from, while the job keeps running and the envelopes before and after it arrive in
     * order (downstream the skipped message is a gap, i.e. lost).
     */
    @Test
    void aMalformedPayloadIsSkippedCountedAndLoggedAndTheSourceGoesOn() throws Exception {
        Stream stream = new Stream("garbled", 1);
        open(stream);
        String type = stream.types().get(0);
        String device = Envelope.deviceId(type, 0);
        byte[] valid = encode(expected(stream, device, 0, 1).get(0));
        List<byte[]> malformed = List.of("not an envelope".getBytes(StandardCharsets.UTF_8), new byte[0],
                "{\"schema\":1,\"deviceId\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(valid, valid.length / 2));
        List<Message> messages = new ArrayList<>(messages(stream, 0, 5));
        malformed.forEach(payload -> messages.add(new Message(type, device, payload)));
        messages.addAll(messages(stream, 5, 10));
        try (DecoderLog log = DecoderLog.capture()) {
            Arrivals.reset(Arrivals.NEVER, 0);
            JobClient job = start(stream, false);
            try {
                publish(stream, messages);
                awaitArrived(job, stream, 0, 10);
                Map<String, List<Envelope>> arrived = Arrivals.byDevice();
                for (String id : stream.deviceIds()) {
                    assertEquals(expected(stream, id, 0, 10), arrived.get(id), id + "'s envelopes");
                }
                assertEquals(stream.deviceIds().size() * 10L, Arrivals.count(), "nothing for the malformed payloads");
                await(job, () -> malformedCount(job) >= malformed.size(), () -> malformedCount(job) + " counted");
                assertEquals(malformed.size(), malformedCount(job), EnvelopeDecoder.MALFORMED_METRIC);
                List<String> lines = log.lines();
                assertEquals(malformed.size(), lines.size(), "one warning per malformed payload: " + lines);
                lines.forEach(line -> assertTrue(line.contains(stream.name()), "says where it came from: " + line));
                assertEquals(JobStatus.RUNNING, job.getJobStatus().get(10, TimeUnit.SECONDS));
            } finally {
                cancel(job);
            }
        }
    }

    /**
     * A job stopped and a new one started under the same group (fresh, no checkpoint to restore, as after a
     * resubmission) receives everything published while no job ran, each device's in order and none twice. Where
     * it starts differs and is not part of the contract: Kafka's source reads its topic from the earliest offset
     * again (its group's committed offsets are for monitoring), MQTT's sessions hold only what the stopped job had
     * not acknowledged (nothing here: a checkpoint covered all it read).
     */
    @Test
    void aJobStartedLaterUnderTheSameGroupReceivesWhatWasPublishedMeanwhile() throws Exception {
        Stream stream = new Stream("later", 2);
        int seqs = 100;
        open(stream);
        Arrivals.reset(Arrivals.NEVER, 0);
        JobClient first = start(stream, false);
        try {
            publish(stream, messages(stream, 0, seqs));
            awaitArrived(first, stream, 0, seqs);
            awaitCoveringCheckpoint(first); // so the broker knows the first job consumed all it read
        } finally {
            cancel(first);
        }
        publish(stream, messages(stream, seqs, 2 * seqs));
        Arrivals.reset(Arrivals.NEVER, 0);
        JobClient second = start(stream, false);
        try {
            awaitArrived(second, stream, seqs, 2 * seqs);
            Map<String, List<Long>> arrived = Arrivals.seqsByDevice();
            Map<String, Long> firstSeqs = new LinkedHashMap<>();
            for (String device : stream.deviceIds()) {
                List<Long> got = arrived.get(device);
                long from = got.get(0);
                assertTrue(from <= seqs, device + " started at seq " + from);
                assertEquals(LongStream.range(from, 2L * seqs).boxed().toList(), got, device + "'s seqs");
                firstSeqs.put(device, from);
            }
            LOG.info("{}: the second job under group {} started at seqs {}", getClass().getSimpleName(),
                    stream.group(), firstSeqs);
        } finally {
            cancel(second);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The envelope device {@code deviceId} of {@code stream} sends as {@code seq}. */
    static Envelope envelope(Stream stream, String deviceId, long seq) {
        int typeIndex = stream.types().indexOf(deviceId.substring(0, deviceId.lastIndexOf('-')));
        List<String> fields = FIELDS.get(typeIndex);
        Map<String, Double> values = new LinkedHashMap<>();
        for (int f = 0; f < fields.size(); f++) {
            values.put(fields.get(f), 20.0 + 100 * f + (seq % 40) * 0.125); // exact in 3 decimals and in binary
        }
        return new Envelope(Envelope.SCHEMA_VERSION, deviceId, stream.types().get(typeIndex), seq,
                SENT_AT_BASE_US + seq * 1000, seq % 17 == 16, values, null);
    }

    static List<Envelope> expected(Stream stream, String deviceId, long fromSeq, long toSeq) {
        return LongStream.range(fromSeq, toSeq).mapToObj(seq -> envelope(stream, deviceId, seq)).toList();
    }

    /** The envelope's bytes as the generator writes them. */
    static byte[] encode(Envelope e) {
        EnvelopeEncoder encoder = new EnvelopeEncoder(e.type(), List.copyOf(e.values().keySet()), PAYLOAD_BYTES);
        byte[] payload = new byte[PAYLOAD_BYTES];
        encoder.encode(payload, e.deviceId().getBytes(StandardCharsets.US_ASCII), e.seq(), e.sentAtUs(),
                e.anomaly(), e.values().values().stream().mapToDouble(Double::doubleValue).toArray(), 0);
        return payload;
    }

    /** Seqs {@code [fromSeq, toSeq)} of every device of {@code stream}, a round of all devices per seq. */
    protected static List<Message> messages(Stream stream, long fromSeq, long toSeq) {
        List<Message> messages = new ArrayList<>();
        for (long seq = fromSeq; seq < toSeq; seq++) {
            for (String device : stream.deviceIds()) {
                Envelope e = envelope(stream, device, seq);
                messages.add(new Message(e.type(), device, encode(e)));
            }
        }
        return messages;
    }

    static String key(Envelope e) {
        return e.deviceId() + "/" + e.seq();
    }

    /**
     * The MiniCluster environment of a source test: the jobs' own checkpointing, and with {@code restartOnFailure}
     * up to 3 restarts 200 ms apart (else a failure ends the job).
     */
    public static StreamExecutionEnvironment environment(int parallelism, long checkpointIntervalMs,
                                                         boolean restartOnFailure) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        JobEnvironments.configure(env, checkpointIntervalMs);
        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, restartOnFailure ? "fixed-delay" : "none");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        env.configure(restarts);
        return env;
    }

    /** {@link Sources#envelopes} → {@link Arrivals} → discard, on the MiniCluster. */
    private JobClient start(Stream stream, boolean restartOnFailure) throws Exception {
        StreamExecutionEnvironment env = environment(PARALLELISM, CHECKPOINT_INTERVAL_MS, restartOnFailure);
        Sources.envelopes(env, settings(stream))
                .map(new Arrivals(), TypeInformation.of(Envelope.class)).name("arrivals").uid("arrivals")
                .sinkTo(new DiscardingSink<>()).name("discard");
        return env.executeAsync(stream.group());
    }

    /** Waits until every device of {@code stream} delivered seqs {@code [fromSeq, toSeq)}. */
    private static void awaitArrived(JobClient job, Stream stream, long fromSeq, long toSeq) throws Exception {
        Set<String> expected = new HashSet<>();
        for (String device : stream.deviceIds()) {
            for (long seq = fromSeq; seq < toSeq; seq++) {
                expected.add(device + "/" + seq);
            }
        }
        Supplier<Long> missing = () -> {
            Set<String> left = new HashSet<>(expected);
            Arrivals.attempts().forEach(a -> a.seen.forEach(e -> left.remove(key(e))));
            return (long) left.size();
        };
        await(job, () -> missing.get() == 0, () -> missing.get() + " of " + expected.size() + " envelopes missing ("
                + Arrivals.count() + " arrived, failed: " + Arrivals.failed() + ", attempts " + Arrivals.attempts()
                + ")");
    }

    /**
     * Waits until every subtask was told of a checkpoint whose snapshot came after everything read so far: the one
     * after the newest snapshot any subtask has taken (snapshots and records share the task thread, so no subtask
     * can have taken that one before its last record).
     */
    private static void awaitCoveringCheckpoint(JobClient job) throws Exception {
        long covering = Arrivals.lastSnapshot() + 1;
        await(job, () -> Arrivals.everySubtaskKnowsCompleted(covering, PARALLELISM),
                () -> "checkpoint " + covering + " on every subtask; attempts " + Arrivals.attempts());
    }

    private static long malformedCount(JobClient job) {
        return metrics.getMetricsByIdentifiers(job.getJobID()).entrySet().stream()
                .filter(m -> m.getKey().endsWith("." + EnvelopeDecoder.MALFORMED_METRIC))
                .mapToLong(m -> ((Counter) m.getValue()).getCount()).sum();
    }

    /** Polls {@code condition} every 20 ms for at most {@link #TIMEOUT}; a job that failed ends the wait at once. */
    private static void await(JobClient job, BooleanSupplier condition, Supplier<String> failure) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (int poll = 0; !condition.getAsBoolean(); poll++) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get() + " within " + TIMEOUT);
            }
            if (poll % 10 == 0 && job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                try {
                    job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("the job ended: " + failure.get(), e);
                }
                throw new AssertionError("the job ended: " + failure.get());
            }
            Thread.sleep(20); // looks at the condition; the job works on its own threads
        }
    }

    private static void cancel(JobClient job) throws Exception {
        try {
            if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.debug("cancel {}: {}", job.getJobID(), e.toString()); // already gone
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                    return;
                }
            } catch (Exception e) {
                return; // the MiniCluster forgets a finished job
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + job.getJobID() + " did not terminate");
            }
            Thread.sleep(20);
        }
    }
}
