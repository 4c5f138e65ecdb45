package kafkasim.jobs.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.jobs.JobSettings;
import kafkasim.common.json.Json;
import kafkasim.infra.kafka.EmbeddedKafka;
import kafkasim.infra.postgres.EmbeddedPostgres;
import kafkasim.jobs.common.metrics.MetricsSettings;
import kafkasim.jobs.medium.MediumPathJob;
import kafkasim.jobs.source.SourceSettings;
import kafkasim.jobs.source.Sources;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The medium path against a real PostgreSQL and a real KRaft broker on a Flink MiniCluster. */
class MediumPathIT {
    static final int RECORDS = 2 * 10 * 200;
    static final String TOPIC = "it.telemetry";
    private static final Logger LOG = LoggerFactory.getLogger(MediumPathIT.class);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @TempDir
    static Path tmp;
    static EmbeddedKafka kafka;
    static EmbeddedPostgres postgres;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
        postgres = EmbeddedPostgres.start(tmp.resolve("postgres"));
        TelemetryFixture.createTopics(kafka.bootstrap(), Map.of(TOPIC, 3, "log.medium", 1, "log.replay", 1,
                "log.failover", 1));
        assertEquals(RECORDS, TelemetryFixture.produce(kafka.bootstrap(), TOPIC, 10, 200, 0.02, Set.of(), Set.of())
                .records());
    }

    @AfterAll
    static void stopInfrastructure() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void insertsEveryRowOnceAndAReplayInsertsNothing() throws Exception {
        String url = postgres.jdbcUrl();
        StreamExecutionEnvironment env = PathRuns.environment(2);
        MediumPathJob.pipeline(source(env, "it-medium"), settings(url), metrics("it-medium", "log.medium"));
        LogTopicReader log = PathRuns.runUntilReceived(env, kafka.bootstrap(), "log.medium", RECORDS);
        assertEquals(RECORDS, log.sum("received"));
        assertEquals(0, log.sum("replayed"));
        assertEquals(0, log.sum("lost"));
        assertEquals(0, log.sum("duplicates"));
        assertEquals(RECORDS, log.latency().getTotalCount());
        assertEquals(Set.of("flink-medium-0", "flink-medium-1"), log.windowsByProcess().keySet());
        assertEquals(RECORDS, count(url));
        LOG.info("medium path: latency p50 {} µs, max {} µs", log.latency().getValueAtPercentile(50),
                log.latency().getMaxValue());

        try (Connection c = postgres.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT device_id, seq, device_type, anomaly, readings::text, "
                     + "sent_at <= inserted_at, extract(epoch from sent_at) FROM telemetry "
                     + "WHERE device_id = 'temperature-000003' AND seq = 17")) {
            assertTrue(rs.next());
            assertEquals("temperature", rs.getString(3));
            JsonNode readings = Json.mapper().readTree(rs.getString(5));
            double celsius = readings.get("celsius").asDouble();
            assertEquals(Math.round((celsius * 9 / 5 + 32) * 1000) / 1000.0, readings.get("fahrenheit").asDouble());
            assertTrue(rs.getBoolean(6), "inserted after it was sent");
            assertTrue(rs.getDouble(7) > 1.7e9, "sent_at is an epoch time");
        }

        // the same records again (another consumer group): the primary key skips every one, yet each committed row
        // completed the path (that is how a replay after a restore is counted once), and shows as replayed
        StreamExecutionEnvironment again = PathRuns.environment(2);
        MediumPathJob.pipeline(source(again, "it-replay"), settings(url), metrics("it-replay", "log.replay"));
        LogTopicReader replay = PathRuns.runUntil(again, kafka.bootstrap(), "log.replay",
                r -> r.sum("replayed") >= RECORDS, RECORDS + " replayed");
        assertEquals(RECORDS, replay.sum("replayed"));
        assertEquals(RECORDS, replay.sum("received"));
        assertEquals(RECORDS, count(url));
    }

    @Test
    void aRestoreReplaysRowsButInsertsEachOnce() throws Exception {
        try (Connection c = postgres.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE failover");
        }
        String url = postgres.jdbcUrl("failover");
        StreamExecutionEnvironment env = PathRuns.environment(2);
        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        env.configure(restarts);
        FailOnce.reset(RECORDS / 2);
        DataStream<Envelope> failingOnce = source(env, "it-failover")
                .map(new FailOnce(), TypeInformation.of(Envelope.class)).name("fail-once").uid("fail-once");
        MediumPathJob.pipeline(failingOnce, settings(url), metrics("it-failover", "log.failover"));
        // metric records follow the checkpoints: after the restore they count every row exactly once
        LogTopicReader log = PathRuns.runUntil(env, kafka.bootstrap(), "log.failover",
                r -> r.sum("received") >= RECORDS && countQuietly(url) >= RECORDS, RECORDS + " received and rows");
        assertTrue(FailOnce.FAILED.get(), "the job failed once and was restored");
        assertEquals(RECORDS, count(url), "every row inserted exactly once");
        assertEquals(RECORDS, log.sum("received"), "every row counted exactly once");
        assertEquals(RECORDS, log.latency().getTotalCount());
        assertEquals(0, log.sum("duplicates"), "the seq tracker's state was restored with the offsets");
        LOG.info("medium path failover: {} rows replayed after the restore, {} republished records dropped",
                log.sum("replayed"), log.metrics().dropped());
    }

    private static DataStream<Envelope> source(StreamExecutionEnvironment env, String group) {
        return Sources.envelopes(env, SourceSettings.kafka(kafka.bootstrap(), TOPIC, group));
    }

    private static JobSettings.Medium settings(String url) {
        return new JobSettings.Medium(new JobSettings.Jdbc(url, postgres.user(), null), 500, 200L, 3, 100L);
    }

    private static MetricsSettings metrics(String runId, String logTopic) {
        return new MetricsSettings(runId, kafka.bootstrap(), logTopic);
    }

    private static long countQuietly(String url) {
        try {
            return count(url);
        } catch (SQLException tableNotCreatedYet) {
            return 0;
        }
    }

    private static long count(String url) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(url, postgres.user(), null);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM telemetry")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
