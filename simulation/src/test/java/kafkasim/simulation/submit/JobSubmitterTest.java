package kafkasim.simulation.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import kafkasim.common.jobs.JobSettings;
import kafkasim.common.jobs.JobSource;
import kafkasim.common.jobs.JobSpec;
import kafkasim.common.scenario.Scenario;
import kafkasim.common.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

class JobSubmitterTest {
    static final String SCENARIO = """
            {"name": "t", "durationSec": 10, "timeScale": 2.0,
             "devices": [{"type": "temperature", "count": 3, "ratePerSec": 1.0, "payloadBytes": 300},
                         {"type": "boiler", "count": 2, "ratePerSec": 1.0, "payloadBytes": 300}],
             "paths": {"checkpointIntervalMs": %d, "fast": {"serviceTimeUs": 50, "zThreshold": 3.5, "parallelism": 2},
                       "medium": {"batchSize": 100, "batchIntervalMs": 50},
                       "slow": {"rollIntervalMs": 5000, "rollSizeBytes": 1024}}%s}""";
    static final JobTargets TARGETS = new JobTargets("t-1", "k:9092", "iot.telemetry", "sim.log", "iot.alerts",
            "tcp://m:1883", "jdbc:postgresql://db:5432/postgres", "postgres", "secret", "/data/files");

    @Test
    void everyJobGetsTheScenariosFiguresInItsSpec() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO.formatted(2000, ""), "test");
        JobSpec fast = spec("fast", s);
        assertEquals(new JobSpec("t-1", "kafkasim-fast-t-1", 2000L, new JobSource.Kafka("k:9092", "iot.telemetry"),
                new JobSpec.Log("k:9092", "sim.log"), new JobSettings.Fast(3.5, 10, 0.02, 50L, 2.0, "iot.alerts")),
                fast);
        JobSettings.Jdbc jdbc = new JobSettings.Jdbc("jdbc:postgresql://db:5432/postgres", "postgres", "secret");
        assertEquals(new JobSettings.Medium(jdbc, 100, 50L, 4, 200L), spec("medium", s).job());
        assertEquals("kafkasim-medium-t-1", spec("medium", s).groupId());
        assertEquals(new JobSettings.Slow("/data/files", 1024L, 5000L), spec("slow", s).job());

        JobSpec report = spec("report", s);
        assertEquals("kafkasim-report-t-1", report.groupId());
        assertNull(report.source(), "the report job reads only the log topic and the alerts");
        assertEquals(10_000L, report.checkpointIntervalMs(), "the report checkpoints every 10 s at the least");
        assertEquals(new JobSettings.Report(jdbc, "iot.alerts", 2000L), report.job());
        assertEquals(20_000L, spec("report", ScenarioLoader.parse(SCENARIO.formatted(20_000, ""), "test"))
                .checkpointIntervalMs(), "or as seldom as the paths");
        assertEquals(2, JobSubmitter.parallelism("fast", s));
        assertEquals(1, JobSubmitter.parallelism("report", s));
        assertFalse(report.toString().contains("secret"), report.toString());
    }

    @Test
    void anMqttRunSubscribesPerDeviceType() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO.formatted(2000,
                ", \"broker\": \"mqtt\", \"mqtt\": {\"qos\": 2, \"consumerAck\": \"receipt\"}"), "test");
        assertEquals(new JobSource.Mqtt("tcp://m:1883", List.of("devices/temperature/+/telemetry",
                "devices/boiler/+/telemetry"), 2, "receipt"), spec("slow", s).source());
        assertNull(spec("report", s).source());
        assertEquals(new JobSpec.Log("k:9092", "sim.log"), spec("fast", s).log(), "metric records stay on Kafka");
    }

    /** The spec as the job reads it: through its program arguments and the one parser. */
    private static JobSpec spec(String job, Scenario s) {
        JobSpec built = JobSubmitter.spec(job, s, TARGETS);
        List<String> args = built.toArgs();
        assertEquals(2, args.size(), "--spec and the JSON, one argument each");
        JobSpec read = JobSpec.fromArgs(args.toArray(String[]::new));
        assertEquals(built, read);
        return read;
    }
}
