package kafkasim.jobs.fast;

import kafkasim.common.envelope.Envelope;
import kafkasim.common.jobs.JobSettings;
import kafkasim.common.jobs.JobSpec;
import kafkasim.jobs.common.JobEnvironments;
import kafkasim.jobs.common.TrackedEnvelope;
import kafkasim.jobs.common.metrics.MetricsSettings;
import kafkasim.jobs.source.SourceSettings;
import kafkasim.jobs.source.Sources;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The fast path, "ML server": envelopes → {@code keyBy(deviceId)} → seq tracking → per-device streaming anomaly
 * detection with simulated inference time ({@link AnomalyDetector}) → alerts to Kafka (at-least-once).
 *
 * <p>Each path is its own Flink job with its own consumer group, like three separate services behind one topic:
 * every path sees every record, a slow database or file server cannot backpressure the ML server (within one job
 * all branches of the source would run at the pace of the slowest), each path fails over and restarts alone, and
 * each can be scaled and measured on its own.
 */
public final class FastPathJob {
    public static final String DETECTOR_UID = "anomaly-detector";
    public static final String ALERTS_SINK_UID = "alerts-sink";

    private FastPathJob() {
    }

    /** Longest time a record waits in a network buffer before it is sent on, ms. */
    static final long NETWORK_BUFFER_TIMEOUT_MS = 5;

    /** Builds and runs the job of {@code spec}, whose settings are {@code settings}; returns when the job ends. */
    public static void run(JobSpec spec, JobSettings.Fast settings) throws Exception {
        MetricsSettings metrics = MetricsSettings.of(spec);
        StreamExecutionEnvironment env = JobEnvironments.forPath(spec, settings.alertsTopic());
        // the ML server is the low-latency path: Flink's default 100 ms network buffer timeout would dominate it
        env.setBufferTimeout(NETWORK_BUFFER_TIMEOUT_MS);
        // the alerts go to the Kafka of the log topic: measurement, the same in both architectures
        pipeline(Sources.envelopes(env, SourceSettings.of(spec)), settings, metrics, spec.log().bootstrap());
        env.execute("kafkasim fast path " + metrics.runId());
    }

    /**
     * The fast path after the source: tracking, detection, and the alerts sink on {@code alertsBootstrap}.
     *
     * @return the alerts (already written to the sink)
     */
    public static DataStream<Alert> pipeline(DataStream<Envelope> envelopes, JobSettings.Fast settings,
                                             MetricsSettings metrics, String alertsBootstrap) {
        DataStream<TrackedEnvelope> tracked = JobEnvironments.track(envelopes);
        // the tracker keeps the keyBy's partitioning: re-key without another shuffle
        DataStream<Alert> alerts = DataStreamUtils
                .reinterpretAsKeyedStream(tracked, t -> t.envelope().deviceId(), Types.STRING)
                .process(new AnomalyDetector(settings, metrics), TypeInformation.of(Alert.class))
                .name("anomaly-detector").uid(DETECTOR_UID);
        alerts.sinkTo(KafkaSink.<Alert>builder()
                        .setBootstrapServers(alertsBootstrap)
                        .setKafkaProducerConfig(metrics.security().applyTo(new java.util.Properties()))
                        .setRecordSerializer(new AlertSerializer(settings.alertsTopic()))
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .build())
                .name("alerts: " + settings.alertsTopic()).uid(ALERTS_SINK_UID);
        return alerts;
    }
}
