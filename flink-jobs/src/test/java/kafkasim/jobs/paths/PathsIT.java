package kafkasim.jobs.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.jobs.JobSettings;
import kafkasim.common.jobs.JobSource;
import kafkasim.common.jobs.JobSpec;
import kafkasim.infra.kafka.EmbeddedKafka;
import kafkasim.jobs.JobMain;
import kafkasim.jobs.common.JobEnvironments;
import kafkasim.jobs.common.metrics.MetricsSettings;
import kafkasim.jobs.fast.FastPathJob;
import kafkasim.jobs.slow.SlowPathJob;
import kafkasim.jobs.source.SourceSettings;
import kafkasim.jobs.source.Sources;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast and slow paths on a Flink MiniCluster against a real KRaft broker: a known set of envelopes goes in,
 * and the metric records on the log topic, the alerts topic and the committed part files must account for
 * every one of them.
 */
class PathsIT {
    static final int DEVICES_PER_TYPE = 10;
    static final int SEQS = 200;
    static final int RECORDS = 2 * DEVICES_PER_TYPE * SEQS;
    static final String TOPIC = "it.telemetry";
    static final Duration TIMEOUT = PathRuns.TIMEOUT;
    private static final Logger LOG = LoggerFactory.getLogger(PathsIT.class);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @TempDir
    static Path tmp;
    static EmbeddedKafka kafka;
    static TelemetryFixture.Produced produced;

    @BeforeAll
    static void startKafkaAndProduce() throws Exception {
        kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
        TelemetryFixture.createTopics(kafka.bootstrap(), Map.of(TOPIC, 3, "it.gaps", 2, "log.fast", 1,
                "log.slow", 1, "log.gaps", 1, "it.alerts", 1, "it.gap-alerts", 1, "log.stop", 1, "it.stop-alerts", 1));
        produced = TelemetryFixture.produce(kafka.bootstrap(), TOPIC, DEVICES_PER_TYPE, SEQS, 0.02, Set.of(),
                Set.of());
        assertEquals(RECORDS, produced.records());
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void fastPathDetectsAnomaliesAndAccountsForEveryRecord() throws Exception {
        StreamExecutionEnvironment env = PathRuns.environment(2);
        JobSettings.Fast settings = new JobSettings.Fast(4.0, 5, 0.02, 50L, 1.0, "it.alerts");
        FastPathJob.pipeline(source(env, TOPIC, "it-fast"), settings, metrics("it-fast", "log.fast"),
                kafka.bootstrap());
        LogTopicReader log = PathRuns.runUntilReceived(env, kafka.bootstrap(), "log.fast", RECORDS);

        assertEquals(RECORDS, log.sum("received"));
        assertEquals(0, log.sum("lost"));
        assertEquals(0, log.sum("duplicates"));
        Histogram latency = log.latency();
        assertEquals(RECORDS, latency.getTotalCount());
        assertTrue(latency.getMaxValue() > 0);
        assertEquals(Set.of("flink-fast-0", "flink-fast-1"), log.windowsByProcess().keySet());
        assertConsecutiveSeconds(log);

        long alerts = log.sum("alerts");
        long truePositives = log.sum("truePositives");
        assertEquals(alerts, truePositives + log.sum("falsePositives"));
        assertEquals(produced.anomalyCount(), truePositives + log.sum("falseNegatives"));
        double precision = truePositives / (double) alerts;
        double recall = truePositives / (double) produced.anomalyCount();
        LOG.info("fast path: {} alerts for {} anomalies: precision {}, recall {}; latency p50 {} µs, max {} µs",
                alerts, produced.anomalyCount(), precision, recall, latency.getValueAtPercentile(50),
                latency.getMaxValue());
        assertTrue(precision >= 0.5 && recall >= 0.9, "precision " + precision + ", recall " + recall + " ("
                + alerts + " alerts, " + produced.anomalyCount() + " anomalies)");

        try (LogTopicReader alertTopic = new LogTopicReader(kafka.bootstrap(), "it.alerts")) {
            alertTopic.pollUntil(r -> r.records().size() >= alerts, TIMEOUT, alerts + " alerts");
            List<JsonNode> all = alertTopic.pollFor(Duration.ofMillis(500)).records();
            assertEquals(alerts, all.size());
            assertEquals(truePositives, all.stream().filter(a -> a.get("anomaly").asBoolean()).count());
            for (JsonNode a : all) {
                String key = a.get("deviceId").asText() + "/" + a.get("seq").asLong();
                assertEquals(produced.anomalies().contains(key), a.get("anomaly").asBoolean(), key);
                assertEquals("it-fast", a.get("runId").asText());
                assertTrue(Math.abs(a.get("zScore").asDouble()) > 4, a.toString());
                assertTrue(a.get("detectedAtUs").asLong() >= a.get("sentAtUs").asLong(), a.toString());
                assertEquals(List.of("runId", "deviceId", "type", "seq", "sentAtUs", "detectedAtUs", "field",
                        "value", "zScore", "anomaly"), names(a));
            }
        }
    }

    @Test
    void gapsAndRepeatsInTheInputAreCountedAsLostAndDuplicates() throws Exception {
        Set<String> skip = Set.of("temperature-000000/10", "temperature-000000/11", "temperature-000000/12",
                "power-000001/30");
        Set<String> repeat = Set.of("power-000000/20", "temperature-000002/5");
        TelemetryFixture.Produced gaps = TelemetryFixture.produce(kafka.bootstrap(), "it.gaps", 3, 50, 0, skip,
                repeat);
        int distinct = 6 * 50 - skip.size();
        assertEquals(distinct + repeat.size(), gaps.records());

        StreamExecutionEnvironment env = PathRuns.environment(2);
        FastPathJob.pipeline(source(env, "it.gaps", "it-gaps"), new JobSettings.Fast(4.0, 5, 0.02, 0L, 1.0,
                "it.gap-alerts"), metrics("it-gaps", "log.gaps"), kafka.bootstrap());
        LogTopicReader log = PathRuns.runUntilReceived(env, kafka.bootstrap(), "log.gaps", distinct);
        assertEquals(distinct, log.sum("received"), "each message once: a repeat counts as a duplicate only");
        assertEquals(skip.size(), log.sum("lost"));
        assertEquals(repeat.size(), log.sum("duplicates"));
    }

    @Test
    void slowPathCommitsEveryRecordExactlyOnceAcrossAFailure() throws Exception {
        Path files = tmp.resolve("files");
        StreamExecutionEnvironment env = PathRuns.environment(2);
        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        env.configure(restarts);
        FailOnce.reset(RECORDS / 2);
        DataStream<Envelope> throttledAndFailingOnce = source(env, TOPIC, "it-slow")
                .map(new FailOnce(), TypeInformation.of(Envelope.class)).name("fail-once").uid("fail-once");
        SlowPathJob.pipeline(throttledAndFailingOnce, new JobSettings.Slow(files.toUri().toString(), 1L << 20, 10_000L),
                metrics("it-slow", "log.slow"));
        LogTopicReader log = PathRuns.runUntilReceived(env, kafka.bootstrap(), "log.slow", RECORDS);
        assertTrue(FailOnce.FAILED.get(), "the job failed once and was restored");
        try (Stream<Path> parts = Files.list(files)) {
            LOG.info("slow path: part files {}", parts.map(p -> p.getFileName().toString()).sorted().toList());
        }

        assertEquals(RECORDS, log.sum("received"), "each record counted once, when its checkpoint completed");
        assertEquals(0, log.sum("lost"));
        assertEquals(0, log.sum("duplicates"));
        assertEquals(RECORDS, log.latency().getTotalCount());

        List<String> lines = committedLines(files);
        assertEquals(RECORDS, lines.size(), "lines in committed part files");
        Set<String> keys = new HashSet<>();
        for (String line : lines) {
            JsonNode e = kafkasim.common.json.Json.mapper().readTree(line);
            assertTrue(keys.add(e.get("deviceId").asText() + "/" + e.get("seq").asLong()), "once: " + line);
            assertTrue(!e.has("pad"), line);
        }
    }

    /**
     * The orchestrator ends a run with stop-with-savepoint (no drain): the savepoint's completion must publish the
     * last record. With a checkpoint interval far beyond the test, only the final savepoint ever completes, so
     * every count the records carry went out on its notification.
     */
    @Test
    void stopWithSavepointPublishesTheLastRecordOfEveryPath() throws Exception {
        Path files = tmp.resolve("stop-files");
        Counted.reset();
        StreamExecutionEnvironment fastEnv = untilSavepoint();
        FastPathJob.pipeline(counted(fastEnv, "it-stop-fast"), new JobSettings.Fast(4.0, 5, 0.02, 0L, 1.0,
                "it.stop-alerts"), metrics("it-stop", "log.stop"), kafka.bootstrap());
        StreamExecutionEnvironment slowEnv = untilSavepoint();
        SlowPathJob.pipeline(counted(slowEnv, "it-stop-slow"), new JobSettings.Slow(files.toUri().toString(),
                1L << 20, 10_000L), metrics("it-stop", "log.stop"));
        List<JobClient> jobs = List.of(fastEnv.executeAsync("fast until savepoint"),
                slowEnv.executeAsync("slow until savepoint"));
        try (LogTopicReader log = new LogTopicReader(kafka.bootstrap(), "log.stop")) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (Counted.SEEN.get() < 2L * RECORDS && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(2L * RECORDS, Counted.SEEN.get(), "both paths read every record");
            log.pollFor(Duration.ofSeconds(1));
            assertEquals(0, log.metrics().all().size(), "no checkpoint has completed yet");
            for (JobClient job : jobs) {
                String savepoint = job.stopWithSavepoint(false, tmp.resolve("savepoints").toUri().toString(),
                        SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);
                PathRuns.awaitTermination(job);
                LOG.info("stopped {} with savepoint {}", job.getJobID(), savepoint);
            }
            log.pollUntil(r -> r.sum("received") >= 2L * RECORDS, TIMEOUT, "both paths' last records");
            log.pollFor(Duration.ofMillis(500));
            LOG.info("after stop with savepoint: {}", log.summary());
            assertEquals(2L * RECORDS, log.sum("received"));
            assertEquals(Set.of("flink-fast-0", "flink-fast-1", "flink-slow-0", "flink-slow-1"),
                    log.windowsByProcess().keySet());
            assertEquals(4, log.metrics().all().size(), "one record per subtask: the savepoint's");
        }
        assertEquals(RECORDS, committedLines(files).size(), "the savepoint committed the slow path's files");
    }

    /** Parallelism 2 and a checkpoint interval far beyond the test: only a savepoint completes. */
    private static StreamExecutionEnvironment untilSavepoint() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        JobEnvironments.configure(env, Duration.ofMinutes(30).toMillis());
        return env;
    }

    private static DataStream<Envelope> counted(StreamExecutionEnvironment env, String group) {
        return source(env, TOPIC, group).map(new Counted(), TypeInformation.of(Envelope.class))
                .name("count").uid("count");
    }

    @Test
    void jobMainRunsTheFastJobFromItsSpec(@InjectClusterClient ClusterClient<?> client) throws Exception {
        // the log and alerts topics do not exist yet: the job creates them
        JobSpec spec = new JobSpec("it-main", null, 500L, new JobSource.Kafka(kafka.bootstrap(), TOPIC),
                new JobSpec.Log(kafka.bootstrap(), "log.main"),
                new JobSettings.Fast(null, null, null, 10L, null, "it.main-alerts"));
        String[] args = spec.toArgs().toArray(String[]::new);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread main = new Thread(() -> {
            try {
                JobMain.main(args);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "job-main");
        main.start();
        LogTopicReader log = new LogTopicReader(kafka.bootstrap(), "log.main");
        try {
            log.pollUntil(r -> r.sum("received") >= RECORDS || failure.get() != null, TIMEOUT,
                    RECORDS + " received on log.main");
        } finally {
            for (JobStatusMessage job : client.listJobs().get(10, TimeUnit.SECONDS)) {
                if (!job.getJobState().isGloballyTerminalState()) {
                    client.cancel(job.getJobId()).get(30, TimeUnit.SECONDS);
                }
            }
            main.join(30_000);
            log.pollFor(Duration.ofSeconds(1));
            log.close();
        }
        assertTrue(failure.get() == null || failure.get().toString().contains("cancel"), String.valueOf(failure.get()));
        assertEquals(RECORDS, log.sum("received"));
        assertTrue(log.metrics().accepted().stream().allMatch(r -> r.runId().equals("it-main")
                && r.path().equals("fast")));
        LOG.info("JobMain fast run: {} alerts, job ended with {}", log.sum("alerts"), String.valueOf(failure.get()));
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Counts what passes (the MiniCluster runs in the test JVM, so a static counter sees every subtask). */
    static final class Counted implements org.apache.flink.api.common.functions.MapFunction<Envelope, Envelope> {
        private static final long serialVersionUID = 1L;
        static final java.util.concurrent.atomic.AtomicLong SEEN = new java.util.concurrent.atomic.AtomicLong();

        static void reset() {
            SEEN.set(0);
        }

        @Override
        public Envelope map(Envelope e) {
            SEEN.incrementAndGet();
            return e;
        }
    }

    private static DataStream<Envelope> source(StreamExecutionEnvironment env, String topic, String group) {
        return Sources.envelopes(env, SourceSettings.kafka(kafka.bootstrap(), topic, group));
    }

    private static MetricsSettings metrics(String runId, String logTopic) {
        return new MetricsSettings(runId, kafka.bootstrap(), logTopic);
    }

    /**
     * Every subtask's slices cover every second without gaps (a second that straddles a checkpoint appears in two
     * consecutive records), and its records' checkpoint ids grow.
     */
    private static void assertConsecutiveSeconds(LogTopicReader log) {
        log.windowsByProcess().forEach((process, starts) -> {
            for (int i = 1; i < starts.size(); i++) {
                long step = starts.get(i) - starts.get(i - 1);
                assertTrue(step == 0 || step == 1000, process + " windows " + starts);
            }
            assertTrue(starts.get(starts.size() - 1) - starts.get(0) >= 1000, process + " windows " + starts);
        });
        log.metrics().checkpointsByProcess().forEach((process, ids) -> {
            for (int i = 1; i < ids.size(); i++) {
                assertTrue(ids.get(i) > ids.get(i - 1), process + " checkpoints " + ids);
            }
        });
    }

    private static List<String> committedLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> parts = Files.walk(dir)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().endsWith(".jsonl.gz")
                    && !p.getFileName().toString().startsWith(".")).toList()) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(Files.newInputStream(part)), StandardCharsets.UTF_8))) {
                    r.lines().forEach(lines::add);
                }
            }
        }
        return lines;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
