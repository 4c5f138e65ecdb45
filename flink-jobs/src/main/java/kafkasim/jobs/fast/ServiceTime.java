package kafkasim.jobs.fast;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Simulated model inference time: each reading adds its service time to a debt, and the thread parks only when
 * the debt reaches {@value #PARK_THRESHOLD_NANOS} ns, then subtracts the time it actually parked. The average
 * time per reading is therefore exact (oversleeping is credited to the next readings) while most readings pay no
 * park call at all. Idle time earns no credit. Not thread-safe (one per operator instance).
 */
final class ServiceTime {
    static final long PARK_THRESHOLD_NANOS = 1_000_000;

    private final long perReadingNanos;
    private final LongSupplier nanoTime;
    private final Parker parker;
    private long debtNanos;

    interface Parker {
        void park(long nanos);
    }

    ServiceTime(long perReadingNanos) {
        this(perReadingNanos, System::nanoTime, LockSupport::parkNanos);
    }

    ServiceTime(long perReadingNanos, LongSupplier nanoTime, Parker parker) {
        this.perReadingNanos = perReadingNanos;
        this.nanoTime = nanoTime;
        this.parker = parker;
    }

    /** Charges one reading's service time; parks while the debt is at least the threshold. */
    void serve() {
        if (perReadingNanos == 0) {
            return;
        }
        debtNanos += perReadingNanos;
        while (debtNanos >= PARK_THRESHOLD_NANOS) {
            long start = nanoTime.getAsLong();
            parker.park(debtNanos);
            debtNanos -= nanoTime.getAsLong() - start;
        }
    }

    long debtNanos() {
        return debtNanos;
    }
}
