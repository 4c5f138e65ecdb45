package kafkasim.jobs.cluster;

import java.util.Arrays;
import java.util.List;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * A tiny job for {@link EmbeddedFlinkIT}, packaged by the test into its own jar and submitted over REST.
 * Arguments: {@code --name NAME} and either {@code --count N} (maps 1..N and finishes) or {@code --endless} (about
 * 1000 records per second until cancelled or stopped, checkpointing every 500 ms).
 */
public final class SmokeJob {
    private SmokeJob() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        String name = value(a, "--name", "smoke");
        boolean endless = a.contains("--endless");
        long count = endless ? Long.MAX_VALUE : Long.parseLong(value(a, "--count", "1000"));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (endless) {
            env.enableCheckpointing(500);
        }
        env.fromSequence(1, count)
                .map(new Doubler(endless)).name("double")
                .sinkTo(new DiscardingSink<>()).name("discard");
        env.execute(name);
    }

    private static String value(List<String> args, String flag, String fallback) {
        int i = args.indexOf(flag);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }

    /** Doubles each number; in the endless variant it sleeps 1 ms per record to keep the CPU free. */
    static final class Doubler implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private final boolean slow;

        Doubler(boolean slow) {
            this.slow = slow;
        }

        @Override
        public Long map(Long value) throws InterruptedException {
            if (slow) {
                Thread.sleep(1);
            }
            return value * 2;
        }
    }
}
