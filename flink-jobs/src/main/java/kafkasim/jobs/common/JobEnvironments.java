package kafkasim.jobs.common;

import java.util.ArrayList;
import java.util.List;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.jobs.JobSpec;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** What every path job sets up the same way: environment settings and the per-device seq tracking. */
public final class JobEnvironments {
    /** Name and uid of the {@link SeqTracker} operator. */
    public static final String SEQ_TRACKER_UID = "seq-tracker";

    private JobEnvironments() {
    }

    /**
     * The environment of a path job of {@code spec}: the topics it writes exist (the log topic and
     * {@code moreTopics}, on the log's Kafka), checkpoints every {@link JobSpec#checkpointIntervalMs()}, set up as
     * {@link #configure}.
     */
    public static StreamExecutionEnvironment forPath(JobSpec spec, String... moreTopics) throws Exception {
        List<String> topics = new ArrayList<>(List.of(moreTopics));
        topics.add(spec.log().topic());
        Topics.ensure(spec.log().bootstrap(), spec.kafkaSecurity(), topics);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, spec.checkpointIntervalMs());
        return env;
    }

    /**
     * Exactly-once checkpoints every {@code checkpointIntervalMs}; no Kryo: every type that flows between
     * operators or lives in state must be a Flink POJO/record or a basic type, else the job fails at build time
     * instead of silently serializing generically; object reuse: chained operators hand records on without a
     * defensive copy (every record type here is immutable, and no operator keeps an input beyond its call).
     */
    public static void configure(StreamExecutionEnvironment env, long checkpointIntervalMs) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        env.configure(conf);
        env.enableCheckpointing(checkpointIntervalMs, CheckpointingMode.EXACTLY_ONCE);
    }

    /**
     * {@code keyBy(deviceId)} → {@link SeqTracker}: every path's first step after the source. At parallelism 1
     * every key lives in the one subtask, so the stream is declared keyed as it is instead: the keyBy's shuffle would
     * only serialize every record onto a local network channel and break the operator chain. A job started at parallelism 1 cannot be rescaled from its savepoints then, which
     * kafkasim never does (every run starts its jobs fresh).
     */
    public static DataStream<TrackedEnvelope> track(DataStream<Envelope> envelopes) {
        KeyedStream<Envelope, String> keyed = envelopes.getParallelism() == 1
                && envelopes.getExecutionEnvironment().getParallelism() == 1
                ? DataStreamUtils.reinterpretAsKeyedStream(envelopes, Envelope::deviceId, Types.STRING)
                : envelopes.keyBy(Envelope::deviceId, Types.STRING);
        return keyed
                .process(new SeqTracker(), TypeInformation.of(TrackedEnvelope.class))
                .name("seq-tracker").uid(SEQ_TRACKER_UID);
    }
}
