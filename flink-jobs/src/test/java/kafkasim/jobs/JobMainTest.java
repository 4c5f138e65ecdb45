package kafkasim.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.jobs.InvalidJobSpecException;
import kafkasim.common.jobs.JobSettings;
import kafkasim.common.jobs.JobSource;
import kafkasim.common.jobs.JobSpec;
import kafkasim.jobs.common.metrics.MetricsSettings;
import kafkasim.jobs.source.SourceSettings;
import kafkasim.jobs.source.mqtt.MqttAckMode;
import kafkasim.jobs.source.mqtt.MqttEnvelopeSource;
import kafkasim.jobs.source.mqtt.MqttSource;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplit;
import org.junit.jupiter.api.Test;

/** What the jobs take from their spec; the spec's own checks are common's {@code JobSpecTest}. */
class JobMainTest {
    private static final JobSource KAFKA = new JobSource.Kafka("b:1", null);
    private static final JobSpec.Log LOG = new JobSpec.Log("b:1", null);

    @Test
    void aBadSpecFailsBeforeAnyJobIsBuilt() {
        InvalidJobSpecException e = assertThrows(InvalidJobSpecException.class,
                () -> JobMain.main(new String[] {"--job", "fast", "--run-id", "r", "--bootstrap", "b:1"}));
        assertEquals(List.of("the arguments must be --spec <json>, got 6 argument(s) starting with --job"),
                e.problems());
        JobSpec bad = new JobSpec("r", null, null, KAFKA, LOG, new JobSettings.Fast(-1.0, null, null, null, null, null));
        e = assertThrows(InvalidJobSpecException.class, () -> JobMain.main(bad.toArgs().toArray(String[]::new)));
        assertEquals(List.of("job.fast.zThreshold must be > 0, got -1.0"), e.problems());
    }

    @Test
    void onlyTheFastPathTradesBrokerWorkForAShortFetchWait() {
        JobSpec fast = new JobSpec("r", null, null, KAFKA, LOG, new JobSettings.Fast(null, null, null, null, null, null));
        assertEquals(new SourceSettings(KAFKA, "kafkasim-fast-r", SourceSettings.LOW_LATENCY_FETCH_WAIT_MS),
                SourceSettings.of(fast));
        JobSpec slow = new JobSpec("r", "g", null, KAFKA, LOG, new JobSettings.Slow("/f", null, null));
        assertEquals(new SourceSettings(KAFKA, "g", SourceSettings.BATCH_FETCH_WAIT_MS), SourceSettings.of(slow));
        assertEquals(new MetricsSettings("r", "b:1", "sim.log"), MetricsSettings.of(slow));
    }

    @Test
    void anMqttSpecBecomesOneSplitPerFilterUnderTheJobsGroupId() {
        JobSource.Mqtt mqtt = new JobSource.Mqtt("tcp://m:1884", List.of("devices/a/+/telemetry",
                "devices/b/+/telemetry"), 2, "receipt");
        JobSpec spec = new JobSpec("r", null, null, mqtt, LOG, new JobSettings.Medium(
                new JobSettings.Jdbc("jdbc:postgresql:db", null, null), null, null, null, null));
        SourceSettings settings = SourceSettings.of(spec);
        MqttSource<Envelope> source = MqttEnvelopeSource.of((JobSource.Mqtt) settings.source(), settings.groupId());
        assertEquals(List.of(MqttTopicSplit.of(0, "devices/a/+/telemetry"), MqttTopicSplit.of(1,
                "devices/b/+/telemetry")), source.splits());
        assertEquals("m", source.settings().host());
        assertEquals(1884, source.settings().port());
        assertEquals("kafkasim-medium-r", source.settings().clientIdPrefix());
        assertEquals(2, source.settings().qos());
        assertEquals(MqttAckMode.ON_RECEIPT, source.settings().ackMode());
    }
}
