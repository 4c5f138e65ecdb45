package kafkasim.jobs.common;

import java.time.Instant;

/**
 * Wall-clock epoch microseconds, the unit of the envelope's {@code sentAtUs}. Read from the system clock on every
 * call (not from a nanoTime anchor) because a TaskManager may run for days and must not drift from the
 * generator's clock; latencies computed from it are clamped at 0 by their users.
 */
public final class MicroTime {
    private MicroTime() {
    }

    public static long nowUs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
