package kafkasim.jobs.report;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import kafkasim.common.jobs.JobSettings;
import kafkasim.common.jobs.JobSpec;
import kafkasim.common.metrics.PathMetricRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The aggregation job: per-path metric records from the log topic → dedupe per (path, subtask) by checkpoint id →
 * their per-second slices → tumbling event-time windows of 1 s and 10 s (sums, merged latency histograms) →
 * {@code report_window}; alerts from the alerts topic → {@code alert}. Both tables in PostgreSQL, written by upsert.
 *
 * <p>Entry points: {@link #run} (from {@code JobMain}, with the job's spec), {@link #start} (returns once the job
 * is submitted), and {@link #windows}/{@link #alerts}, the pipelines on streams of raw lines, for tests that bring
 * their own sources. It reads the metric records from the spec's {@link JobSpec#log()} and the alerts from the same
 * Kafka, in the spec's consumer group.
 *
 * <p>The whole job runs at parallelism 1: its input is about (paths × path subtasks) metric records per path
 * checkpoint.
 * Kafka is read from the earliest offset on every fresh start (and from the checkpoint on restore), so windows are
 * always recomputed whole before their rows are overwritten.
 */
public final class ReportJob {
    /** The report windows. */
    public static final List<Duration> WINDOWS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(10));
    /** How long a window keeps its state after it fired, so that a late metric record still corrects its row. */
    public static final Duration ALLOWED_LATENESS = Duration.ofSeconds(60);
    /** How often the Kafka sources look for new partitions (and for a topic that did not exist yet), ms. */
    public static final long PARTITION_DISCOVERY_MS = 2000;

    private ReportJob() {
    }

    /**
     * Creates the tables if missing, builds the job of {@code spec} (whose settings are {@code report}) in the current
     * environment and executes it (blocking).
     */
    public static void run(JobSpec spec, JobSettings.Report report) throws Exception {
        createTables(report.jdbc());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, spec, report);
        env.execute(jobName(spec));
    }

    /** As {@link #run} but returns once the job is submitted. */
    public static JobClient start(JobSpec spec, JobSettings.Report report) throws Exception {
        createTables(report.jdbc());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, spec, report);
        return env.executeAsync(jobName(spec));
    }

    private static void createTables(JobSettings.Jdbc jdbc) throws Exception {
        ReportSchema.createTables(jdbc.url(), jdbc.user(), jdbc.password());
    }

    static String jobName(JobSpec spec) {
        return "kafkasim-report-" + spec.runId();
    }

    /** Adds sources, pipelines and sinks to {@code env} (parallelism 1, checkpointing on). */
    public static void build(StreamExecutionEnvironment env, JobSpec spec, JobSettings.Report report) {
        env.setParallelism(1);
        env.enableCheckpointing(spec.checkpointIntervalMs());
        String logTopic = spec.log().topic();
        DataStream<String> logLines = env.fromSource(kafkaSource(spec, logTopic),
                        WatermarkStrategy.noWatermarks(), "log topic " + logTopic)
                .uid("report-log-source");
        windows(logLines, spec.runId(), report.pathCheckpointIntervalMs())
                .sinkTo(ReportSinks.reportWindows(report.jdbc())).name("upsert report_window")
                .uid("report-window-sink");

        DataStream<String> alertLines = env.fromSource(kafkaSource(spec, report.alertsTopic()),
                        WatermarkStrategy.noWatermarks(), "alerts topic " + report.alertsTopic())
                .uid("report-alerts-source");
        alerts(alertLines, spec.runId())
                .sinkTo(ReportSinks.alerts(report.jdbc())).name("upsert alert").uid("report-alert-sink");
    }

    /**
     * The report windows of run {@code runId} from raw log lines (without timestamps or watermarks of their own):
     * metric records decoded with the common codec, deduplicated per stream ({@link MetricDedupe}), their slices
     * given event time and the watermarks of {@link MetricWatermarks} for paths that checkpoint every
     * {@code pathCheckpointIntervalMs}. Emits one row per path and window of {@link #WINDOWS} when the watermark
     * passes the window's end, and again for each late slice within {@link #ALLOWED_LATENESS}.
     */
    public static DataStream<ReportWindow> windows(DataStream<String> logLines, String runId,
                                                   long pathCheckpointIntervalMs) {
        DataStream<MetricSecond> seconds = logLines
                .flatMap(new ParseFunction<>("log line", line -> LogLineParser.parse(line, runId)))
                .returns(TypeInformation.of(PathMetricRecord.class))
                .name("parse metric records").uid("report-parse-metrics")
                .keyBy(PathMetricRecord::streamKey, Types.STRING)
                .process(new MetricDedupe(), TypeInformation.of(MetricSecond.class))
                .name("dedupe metric records").uid("report-dedupe-metrics")
                .assignTimestampsAndWatermarks(MetricWatermarks.strategy(pathCheckpointIntervalMs))
                .name("metric watermarks").uid("report-metric-watermarks");
        DataStream<ReportWindow> all = null;
        for (Duration size : WINDOWS) {
            String id = "report-window-" + size.toMillis() + "ms";
            DataStream<ReportWindow> rows = seconds
                    .keyBy(MetricSecond::path, Types.STRING)
                    .window(TumblingEventTimeWindows.of(size))
                    .allowedLateness(ALLOWED_LATENESS)
                    .aggregate(new ReportAggregate(), new ReportWindowFunction(runId),
                            WindowAccumulatorTypeInfo.INSTANCE, TypeInformation.of(WindowTotals.class),
                            TypeInformation.of(ReportWindow.class))
                    .name("window " + size.toMillis() + " ms").uid(id);
            all = all == null ? rows : all.union(rows);
        }
        return all;
    }

    /** The alerts of run {@code runId} from raw lines of the alerts topic (no event time needed). */
    public static DataStream<Alert> alerts(DataStream<String> alertLines, String runId) {
        return alertLines
                .flatMap(new ParseFunction<>("alert", line -> AlertParser.parse(line, runId)))
                .returns(TypeInformation.of(Alert.class))
                .name("parse alerts").uid("report-parse-alerts");
    }

    /**
     * Reads {@code topic} of the spec's log Kafka from the earliest offset; a missing topic is picked up once it
     * exists.
     */
    static KafkaSource<String> kafkaSource(JobSpec spec, String topic) {
        return KafkaSource.<String>builder()
                .setProperties(spec.kafkaSecurity().applyTo(new java.util.Properties()))
                .setBootstrapServers(spec.log().bootstrap())
                .setTopicPattern(Pattern.compile(Pattern.quote(topic)))
                .setGroupId(spec.groupId())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new LineDeserializer())
                .setProperty("partition.discovery.interval.ms", Long.toString(PARTITION_DISCOVERY_MS))
                .setProperty("client.id.prefix", spec.groupId() + "-" + topic)
                .build();
    }
}
