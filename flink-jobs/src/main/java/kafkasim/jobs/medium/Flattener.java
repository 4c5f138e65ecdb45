package kafkasim.jobs.medium;

import kafkasim.common.envelope.Envelope;
import kafkasim.jobs.common.TrackedEnvelope;
import org.apache.flink.api.common.functions.MapFunction;

/** The medium path's light transformation: one envelope → one {@link TelemetryRow} (readings with companions). */
public final class Flattener implements MapFunction<TrackedEnvelope, TelemetryRow> {
    private static final long serialVersionUID = 1L;

    @Override
    public TelemetryRow map(TrackedEnvelope tracked) {
        Envelope e = tracked.envelope();
        return new TelemetryRow(e.deviceId(), e.seq(), e.type(), e.sentAtUs(), e.anomaly(), Readings.toJson(e.values()),
                tracked.lost(), tracked.duplicate(), tracked.filled());
    }
}
