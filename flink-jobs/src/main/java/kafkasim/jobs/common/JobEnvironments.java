package kafkasim.jobs.common;

import kafkasim.common.envelope.Envelope;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** What every path job sets up the same way: environment settings and the per-device seq tracking. */
public final class JobEnvironments {
    /** Name and uid of the {@link SeqTracker} operator. */
    public static final String SEQ_TRACKER_UID = "seq-tracker";

    private JobEnvironments() {
    }

    /**
     * Exactly-once checkpoints every {@code checkpointIntervalMs}, and no Kryo: every type that flows between
     * operators or lives in state must be a Flink POJO/record or a basic type, else the job fails at build time
     * instead of silently serializing generically.
     */
    public static void configure(StreamExecutionEnvironment env, long checkpointIntervalMs) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(conf);
        env.enableCheckpointing(checkpointIntervalMs, CheckpointingMode.EXACTLY_ONCE);
    }

    /** {@code keyBy(deviceId)} → {@link SeqTracker}: every path's first step after the source. */
    public static DataStream<TrackedEnvelope> track(DataStream<Envelope> envelopes) {
        return envelopes
                .keyBy(Envelope::deviceId, Types.STRING)
                .process(new SeqTracker(), TypeInformation.of(TrackedEnvelope.class))
                .name("seq-tracker").uid(SEQ_TRACKER_UID);
    }
}
