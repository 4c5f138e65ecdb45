package kafkasim.jobs.report;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
 * <p>Entry points: {@link #main} (command-line flags, see {@link ReportOptions}), {@link #run(Map)} for a
 * dispatcher holding parsed flags, and {@link #windows}/{@link #alerts}, the pipelines on streams of raw lines, for
 * tests that bring their own sources.
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

    /** Parses the flags of {@link ReportOptions} and runs the job until it is cancelled. */
    public static void main(String[] args) throws Exception {
        run(ReportOptions.parse(args));
    }

    /** As {@link #main}, with flags as a map ({@code "run-id" → "light-…"}; names may carry the leading --). */
    public static void run(Map<String, String> args) throws Exception {
        run(ReportOptions.fromMap(args));
    }

    /** Creates the tables if missing, builds the job in the current environment and executes it (blocking). */
    public static void run(ReportOptions options) throws Exception {
        ReportSchema.createTables(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, options);
        env.execute(jobName(options));
    }

    /** As {@link #run(ReportOptions)} but returns once the job is submitted. */
    public static JobClient start(ReportOptions options) throws Exception {
        ReportSchema.createTables(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, options);
        return env.executeAsync(jobName(options));
    }

    static String jobName(ReportOptions options) {
        return "kafkasim-report-" + options.runId();
    }

    /** Adds sources, pipelines and sinks to {@code env} (parallelism 1, checkpointing on). */
    public static void build(StreamExecutionEnvironment env, ReportOptions o) {
        env.setParallelism(1);
        env.enableCheckpointing(o.checkpointIntervalMs());
        DataStream<String> logLines = env.fromSource(kafkaSource(o, o.logTopic()),
                        WatermarkStrategy.noWatermarks(), "log topic " + o.logTopic())
                .uid("report-log-source");
        windows(logLines, o.runId(), o.pathCheckpointIntervalMs())
                .sinkTo(ReportSinks.reportWindows(o)).name("upsert report_window").uid("report-window-sink");

        DataStream<String> alertLines = env.fromSource(kafkaSource(o, o.alertsTopic()),
                        WatermarkStrategy.noWatermarks(), "alerts topic " + o.alertsTopic())
                .uid("report-alerts-source");
        alerts(alertLines, o.runId())
                .sinkTo(ReportSinks.alerts(o)).name("upsert alert").uid("report-alert-sink");
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

    /** Reads {@code topic} from the earliest offset; a missing topic is picked up once it exists. */
    static KafkaSource<String> kafkaSource(ReportOptions o, String topic) {
        return KafkaSource.<String>builder()
                .setBootstrapServers(o.bootstrap())
                .setTopicPattern(Pattern.compile(Pattern.quote(topic)))
                .setGroupId(o.groupId())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new LineDeserializer())
                .setProperty("partition.discovery.interval.ms", Long.toString(PARTITION_DISCOVERY_MS))
                .setProperty("client.id.prefix", o.groupId() + "-" + topic)
                .build();
    }
}
