package kafkasim.jobs.medium;

import java.util.List;
import kafkasim.common.envelope.Envelope;
import kafkasim.jobs.JobOptions;
import kafkasim.jobs.common.JobEnvironments;
import kafkasim.jobs.common.Topics;
import kafkasim.jobs.common.metrics.MetricsSettings;
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

    /** Builds and runs the job ({@code --job medium}); returns when the job ends. */
    public static void run(JobOptions options) throws Exception {
        MediumPathSettings settings = options.medium();
        MetricsSettings metrics = options.metricsSettings();
        Topics.ensure(options.bootstrap(), List.of(metrics.logTopic()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironments.configure(env, options.checkpointIntervalMs());
        pipeline(Sources.envelopes(env, options.sourceSettings()), settings, metrics);
        env.execute("kafkasim medium path " + metrics.runId());
    }

    /** The medium path after the source. */
    public static void pipeline(DataStream<Envelope> envelopes, MediumPathSettings settings, MetricsSettings metrics) {
        JobEnvironments.track(envelopes)
                .map(new Flattener(), TypeInformation.of(TelemetryRow.class))
                .name("flatten").uid(FLATTEN_UID)
                .transform(SINK_NAME, Types.VOID, new PostgresTelemetrySink(settings, metrics))
                .name(SINK_NAME).uid(SINK_UID);
    }
}
