package kafkasim.jobs.fast;

import java.util.List;
import kafkasim.common.envelope.Envelope;
import kafkasim.jobs.common.MicroTime;
import kafkasim.jobs.common.TrackedEnvelope;
import kafkasim.jobs.common.metrics.MetricWindow;
import kafkasim.jobs.common.metrics.MetricsSettings;
import kafkasim.jobs.common.metrics.PathMetrics;
import kafkasim.jobs.common.metrics.PathMetricsFactory;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The "ML server": keyed by deviceId, scores each reading with {@link ZScoreDetector} against the device's
 * baseline in keyed state, spends the simulated service time ({@link ServiceTime}), and then, at the moment of
 * the alert decision, completes the record: it counts it in the path metrics (latency = decision time −
 * sentAtUs) together with the detection quality against the envelope's ground truth, and emits an {@link Alert}
 * for a flagged reading. It is the fast path's last operator, so it owns the subtask's {@link PathMetrics}.
 */
public final class AnomalyDetector extends KeyedProcessFunction<String, TrackedEnvelope, Alert> {
    private static final long serialVersionUID = 1L;
    public static final String PATH = "fast";
    /** Path-specific counters of the metric records, in this order. */
    public static final List<String> COUNTERS = List.of("alerts", "truePositives", "falsePositives", "falseNegatives");
    static final int ALERTS = 0;
    static final int TRUE_POSITIVES = 1;
    static final int FALSE_POSITIVES = 2;
    static final int FALSE_NEGATIVES = 3;

    private final FastPathSettings settings;
    private final MetricsSettings metricsSettings;
    private final PathMetricsFactory metricsFactory;
    private transient ZScoreDetector detector;
    private transient ServiceTime serviceTime;
    private transient ValueState<DeviceBaseline> baseline;
    private transient PathMetrics metrics;

    public AnomalyDetector(FastPathSettings settings, MetricsSettings metricsSettings) {
        this(settings, metricsSettings, PathMetricsFactory.KAFKA);
    }

    AnomalyDetector(FastPathSettings settings, MetricsSettings metricsSettings, PathMetricsFactory metricsFactory) {
        this.settings = settings;
        this.metricsSettings = metricsSettings;
        this.metricsFactory = metricsFactory;
    }

    @Override
    public void open(OpenContext openContext) {
        detector = new ZScoreDetector(settings.zThreshold(), settings.warmupReadings(), settings.ewmaAlpha());
        serviceTime = new ServiceTime(settings.serviceTimeNanos());
        baseline = getRuntimeContext().getState(
                new ValueStateDescriptor<>("baseline", TypeInformation.of(DeviceBaseline.class)));
        metrics = metricsFactory.create(metricsSettings, PATH, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                COUNTERS);
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
        MetricWindow w = metrics.window(decidedAtUs);
        w.completed(decidedAtUs - e.sentAtUs());
        w.lost(tracked.lost());
        w.duplicates(tracked.duplicate() ? 1 : 0);
        if (verdict.flagged()) {
            w.add(ALERTS, 1);
            w.add(e.anomaly() ? TRUE_POSITIVES : FALSE_POSITIVES, 1);
            out.collect(new Alert(metricsSettings.runId(), e.deviceId(), e.type(), e.seq(), e.sentAtUs(), decidedAtUs,
                    verdict.field(), verdict.value(), verdict.zScore(), e.anomaly()));
        } else if (e.anomaly()) {
            w.add(FALSE_NEGATIVES, 1);
        }
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
