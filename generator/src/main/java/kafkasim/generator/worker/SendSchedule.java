package kafkasim.generator.worker;

/**
 * When a device range's messages are due, as one counter instead of a timer per device: the k-th message is due at
 * {@code startUs + k * intervalUs} and goes to device {@code k mod deviceCount}, so devices are evenly staggered and
 * each sends exactly its rate, with no drift however late the loop runs.
 * <p>A pause takes time out of the schedule: {@link #pauseAt} notes how long the next message still had to wait,
 * {@link #resumeAt} shifts the whole schedule so that it waits exactly that long from the resume. Nothing that
 * would have been due while paused is sent in a burst afterwards, the device order and spacing (each device's
 * phase) stay as they were, and a message already late at the pause is due at the resume, not earlier. Used by
 * the send loop's thread only.
 */
final class SendSchedule {
    private final double intervalUs;
    private final int deviceCount;
    private long startUs;
    private long k;
    /** From {@link #pauseAt} to {@link #resumeAt}: how long the next message had still to wait, µs, >= 0. */
    private long pausedWaitUs;

    /** {@code intervalUs}: time between two messages of the range (all its devices together), µs. */
    SendSchedule(double intervalUs, int deviceCount) {
        this.intervalUs = intervalUs;
        this.deviceCount = deviceCount;
    }

    /** Starts the schedule: device 0 first, at {@code nowUs}. */
    void startAt(long nowUs) {
        startUs = nowUs;
        k = 0;
    }

    long nextDueUs() {
        return startUs + (long) (k * intervalUs);
    }

    /** The device whose message is due next; advances the schedule. */
    int takeNextDevice() {
        int device = (int) (k % deviceCount);
        k++;
        return device;
    }

    /** Stops the clock of this schedule at {@code nowUs}; {@link #nextDueUs} is meaningless until resumed. */
    void pauseAt(long nowUs) {
        pausedWaitUs = Math.max(0, nextDueUs() - nowUs);
    }

    /** Lets the schedule run again from {@code nowUs}: the next message is due after the wait it had left. */
    void resumeAt(long nowUs) {
        startUs = nowUs + pausedWaitUs - (long) (k * intervalUs);
        pausedWaitUs = 0;
    }
}
