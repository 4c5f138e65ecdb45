package kafkasim.jobs.paths;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import kafkasim.common.envelope.Envelope;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Put right after the source: slows it down (0.5 ms per record, so a run spans several checkpoints) and throws
 * once, after {@code failAfter} records, to force a restore from the last checkpoint. The MiniCluster runs in the
 * test JVM, so the static flags are shared by every attempt.
 */
final class FailOnce implements MapFunction<Envelope, Envelope> {
    private static final long serialVersionUID = 1L;
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicLong SEEN = new AtomicLong();
    static volatile long failAfter;

    static void reset(long after) {
        FAILED.set(false);
        SEEN.set(0);
        failAfter = after;
    }

    @Override
    public Envelope map(Envelope e) {
        LockSupport.parkNanos(500_000);
        if (SEEN.incrementAndGet() >= failAfter && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure after " + failAfter + " records");
        }
        return e;
    }
}
