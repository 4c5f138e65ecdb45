package kafkasim.jobs.fast;

import kafkasim.common.envelope.Envelope;
import kafkasim.common.jobs.JobSettings;
import kafkasim.common.metrics.PathMetricRecord;
import kafkasim.jobs.common.MicroTime;
import kafkasim.jobs.common.TrackedEnvelope;
import kafkasim.jobs.common.metrics.CheckpointedPathMetrics;
import kafkasim.jobs.common.metrics.MetricSinkFactory;
import kafkasim.jobs.common.metrics.MetricsSettings;
import kafkasim.jobs.common.metrics.SliceAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The "ML server": keyed by deviceId, scores each reading with {@link ZScoreDetector} against the device's
 * baseline in keyed state, spends the simulated service time ({@link ServiceTime}), and then, at the moment of
 * the alert decision, completes the record: it counts it in the path metrics (latency = decision time −
 * sentAtUs) together with the detection quality against the envelope's ground truth, and emits an {@link Alert}
 * for a flagged reading. It is the fast path's last operator, so it owns the subtask's metric records, which follow
 * its checkpoints ({@link CheckpointedPathMetrics}: a keyed function may keep operator state too).
 */
public final class AnomalyDetector extends KeyedProcessFunction<String, TrackedEnvelope, Alert>
        implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;
    public static final String PATH = PathMetricRecord.FAST;

    private final JobSettings.Fast settings;
    private final MetricsSettings metricsSettings;
    private final MetricSinkFactory metricSinks;
    private transient ZScoreDetector detector;
    private transient ServiceTime serviceTime;
    private transient ValueState<DeviceBaseline> baseline;
    private transient CheckpointedPathMetrics metrics;

    public AnomalyDetector(JobSettings.Fast settings, MetricsSettings metricsSettings) {
        this(settings, metricsSettings, MetricSinkFactory.KAFKA);
    }

    AnomalyDetector(JobSettings.Fast settings, MetricsSettings metricsSettings, MetricSinkFactory metricSinks) {
        this.settings = settings;
        this.metricsSettings = metricsSettings;
        this.metricSinks = metricSinks;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        metrics = new CheckpointedPathMetrics(metricsSettings, PATH, metricSinks);
        metrics.initializeState(context, getRuntimeContext().getTaskInfo());
    }

    @Override
    public void open(OpenContext openContext) {
        detector = new ZScoreDetector(settings.zThreshold(), settings.warmupReadings(), settings.ewmaAlpha());
        serviceTime = new ServiceTime(settings.serviceTimeNanos());
        baseline = getRuntimeContext().getState(
                new ValueStateDescriptor<>("baseline", TypeInformation.of(DeviceBaseline.class)));
    }

    @Override
    public void processElement(TrackedEnvelope tracked, Context ctx, Collector<Alert> out) throws Exception {
        Envelope e = tracked.envelope();
        DeviceBaseline b = baseline.value();
        if (b == null || !ZScoreDetector.matches(b, e.values())) {
            b = ZScoreDetector.newBaseline(e.values());
        }
        ZScoreDetector.Verdict verdict = detector.assess(b, e.values());
        baseline.update(b);
        serviceTime.serve();

        long decidedAtUs = MicroTime.nowUs();
        SliceAccumulator slice = metrics.at(decidedAtUs);
        // received counts each message once, as every path does: a repeat is counted as a duplicate only
        if (!tracked.duplicate()) {
            slice.completed(decidedAtUs - e.sentAtUs());
        }
        tracked.countInto(slice);
        if (verdict.flagged()) {
            slice.alert(e.anomaly());
            out.collect(new Alert(metricsSettings.runId(), e.deviceId(), e.type(), e.seq(), e.sentAtUs(), decidedAtUs,
                    verdict.field(), verdict.value(), verdict.zScore(), e.anomaly()));
        } else if (e.anomaly()) {
            slice.missedAnomaly();
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        metrics.snapshotState(context.getCheckpointId());
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        metrics.notifyCheckpointComplete(checkpointId);
    }

    /** Publishes nothing: counts after the last completed checkpoint are counted again after a restore. */
    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
