package kafkasim.generator.manager;

import java.time.Duration;

/**
 * What the manager does when one worker exits unexpectedly. Normally: restart it after a backoff of
 * {@link #FIRST_BACKOFF}, doubling up to {@link #MAX_BACKOFF}, from the start again once a worker ran
 * {@link #STABLE_AFTER}. A worker that crashed {@link #EARLY_CRASHES_TO_GIVE_UP} times in a row, each time before
 * it ever reported ready and within {@link #EARLY_CRASH_WINDOW} of its start, is given up: it fails on its own
 * setup (a producer setting Kafka accepts but cannot use, a JVM flag), and restarting it forever would end the run
 * with nothing produced and exit 0. A worker that got going and crashes later keeps being restarted: its failures
 * are contained, as before. One instance per worker; not thread-safe (the manager's verbs thread uses it).
 */
final class RestartPolicy {
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A worker that ran this long is healthy again: the next crash starts the backoff from the beginning. */
    static final Duration STABLE_AFTER = Duration.ofSeconds(60);
    static final int EARLY_CRASHES_TO_GIVE_UP = 3;
    /**
     * Longer than a worker needs to start and fail on its setup on a busy machine (JVM, producer, metadata),
     * shorter than a broker outage at start ({@code max.block.ms}, 60 s): waiting for a broker is not hopeless.
     */
    static final Duration EARLY_CRASH_WINDOW = Duration.ofSeconds(10);

    /**
     * @param giveUp             stop restarting: the run cannot go on with this worker
     * @param restartInMs        backoff before the next start (meaningless when giving up)
     * @param earlyCrashesInARow crashes before ready and within the window, this one included (0 if it was not one)
     */
    record Decision(boolean giveUp, long restartInMs, int earlyCrashesInARow) {
    }

    private int crashesInARow;
    private int earlyCrashesInARow;

    /**
     * @param everReady whether the crashed worker had reported ready
     * @param uptime    from its start to its exit
     */
    Decision onCrash(boolean everReady, Duration uptime) {
        if (uptime.compareTo(STABLE_AFTER) > 0) {
            crashesInARow = 0;
        }
        boolean early = !everReady && uptime.compareTo(EARLY_CRASH_WINDOW) < 0;
        earlyCrashesInARow = early ? earlyCrashesInARow + 1 : 0;
        long backoffMs = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(crashesInARow, 10));
        crashesInARow++;
        return new Decision(earlyCrashesInARow >= EARLY_CRASHES_TO_GIVE_UP, backoffMs, earlyCrashesInARow);
    }
}
