package kafkasim.jobs.slow;

import kafkasim.common.envelope.Envelope;
import kafkasim.common.jobs.JobSettings;
import kafkasim.common.jobs.JobSpec;
import kafkasim.jobs.common.JobEnvironments;
import kafkasim.jobs.common.metrics.MetricsSettings;
import kafkasim.jobs.source.SourceSettings;
import kafkasim.jobs.source.Sources;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * The slow path, "file server": envelopes → {@code keyBy(deviceId)} → seq tracking → completion metrics
 * ({@link CheckpointCompletionMetrics}) → FileSink: gzip JSON lines ({@link GzipJsonLinesFormat}) directly in
 * {@code filesDir}, part files {@code part-<uuid>-<subtask>-<n>.jsonl.gz}, rolled on checkpoint, size and age
 * ({@link SizeOrTimeRollingPolicy}), exactly-once: files are committed (renamed from hidden in-progress files)
 * when a checkpoint completes, so committed files hold every record exactly once, also after a restore.
 *
 * <p>A job of its own with its own consumer group, like a separate service (see {@code FastPathJob} for why).
 */
public final class SlowPathJob {
    public static final String METRICS_UID = "completion-metrics";
    public static final String SINK_UID = "file-sink";
    public static final String PART_PREFIX = "part";
    public static final String PART_SUFFIX = ".jsonl.gz";
    /** Longest pause between two checks of the part files' age, ms (FileSink's default is a minute). */
    static final long MAX_BUCKET_CHECK_INTERVAL_MS = 1000;

    private SlowPathJob() {
    }

    /** Builds and runs the job of {@code spec}, whose settings are {@code settings}; returns when the job ends. */
    public static void run(JobSpec spec, JobSettings.Slow settings) throws Exception {
        MetricsSettings metrics = MetricsSettings.of(spec);
        StreamExecutionEnvironment env = JobEnvironments.forPath(spec);
        pipeline(Sources.envelopes(env, SourceSettings.of(spec)), settings, metrics);
        env.execute("kafkasim slow path " + metrics.runId());
    }

    /** The slow path after the source. */
    public static void pipeline(DataStream<Envelope> envelopes, JobSettings.Slow settings,
                                MetricsSettings metrics) {
        JobEnvironments.track(envelopes)
                .process(new CheckpointCompletionMetrics(metrics), TypeInformation.of(Envelope.class))
                .name("completion-metrics").uid(METRICS_UID)
                .sinkTo(fileSink(settings))
                .name("files: " + settings.filesDir()).uid(SINK_UID);
    }

    static FileSink<Envelope> fileSink(JobSettings.Slow settings) {
        return FileSink.forBulkFormat(new Path(settings.filesDir()), new GzipJsonLinesFormat())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(new SizeOrTimeRollingPolicy(settings.rollSizeBytes(), settings.rollIntervalMs()))
                .withBucketCheckInterval(Math.min(settings.rollIntervalMs(), MAX_BUCKET_CHECK_INTERVAL_MS))
                .withOutputFileConfig(OutputFileConfig.builder()
                        .withPartPrefix(PART_PREFIX).withPartSuffix(PART_SUFFIX).build())
                .build();
    }
}
