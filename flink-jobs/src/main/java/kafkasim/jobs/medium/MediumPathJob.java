package kafkasim.jobs.medium;

import kafkasim.common.envelope.Envelope;
import kafkasim.common.jobs.JobSettings;
import kafkasim.common.jobs.JobSpec;
import kafkasim.jobs.common.JobEnvironments;
import kafkasim.jobs.common.metrics.MetricsSettings;
import kafkasim.jobs.source.SourceSettings;
import kafkasim.jobs.source.Sources;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The medium path, "database": envelopes → {@code keyBy(deviceId)} → seq tracking → flatten ({@link Flattener})
 * → batched idempotent inserts into PostgreSQL ({@link PostgresTelemetrySink}, a stream operator with no output).
 *
 * <p>A job of its own with its own consumer group, like a separate service (see {@code FastPathJob} for why).
 */
public final class MediumPathJob {
    public static final String FLATTEN_UID = "flatten";
    public static final String SINK_UID = "postgres-sink";
    static final String SINK_NAME = "postgres: " + TelemetryTable.NAME;

    private MediumPathJob() {
    }

    /** Builds and runs the job of {@code spec}, whose settings are {@code settings}; returns when the job ends. */
    public static void run(JobSpec spec, JobSettings.Medium settings) throws Exception {
        MetricsSettings metrics = MetricsSettings.of(spec);
        StreamExecutionEnvironment env = JobEnvironments.forPath(spec);
        pipeline(Sources.envelopes(env, SourceSettings.of(spec)), settings, metrics);
        env.execute("kafkasim medium path " + metrics.runId());
    }

    /** The medium path after the source. */
    public static void pipeline(DataStream<Envelope> envelopes, JobSettings.Medium settings,
                                MetricsSettings metrics) {
        JobEnvironments.track(envelopes)
                .map(new Flattener(), TypeInformation.of(TelemetryRow.class))
                .name("flatten").uid(FLATTEN_UID)
                .transform(SINK_NAME, Types.VOID, new PostgresTelemetrySink(settings, metrics))
                .name(SINK_NAME).uid(SINK_UID);
    }
}
