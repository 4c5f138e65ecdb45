package kafkasim.simulation.dashboard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's data: the latest {@link LiveSnapshot} and the chart series of the run so far. One writer (the
 * orchestrator's sampler, once per second); the page's event streams wait here for the next snapshot. The series is
 * bounded ({@value #MAX_POINTS} seconds): a long run keeps its latest hours.
 */
public final class LiveFeed {
    static final int MAX_POINTS = 6 * 3600;
    private final ArrayDeque<SeriesPoint> series = new ArrayDeque<>();
    private LiveSnapshot latest;
    private long sequence;

    /** Publishes the second's snapshot and wakes every waiting stream. */
    public synchronized void publish(LiveSnapshot snapshot) {
        latest = snapshot;
        series.addLast(SeriesPoint.of(snapshot));
        if (series.size() > MAX_POINTS) {
            series.removeFirst();
        }
        sequence++;
        notifyAll();
    }

    /** A new run begins ({@code compare}'s second half): its charts start empty. */
    public synchronized void clear() {
        series.clear();
        latest = null;
        sequence++;
        notifyAll();
    }

    public synchronized LiveSnapshot latest() {
        return latest;
    }

    public synchronized List<SeriesPoint> series() {
        return new ArrayList<>(series);
    }

    public synchronized long sequence() {
        return sequence;
    }

    /**
     * Waits until a snapshot newer than {@code seenSequence} is published or {@code timeoutMs} passed; returns the
     * sequence now (equal to {@code seenSequence}: nothing new).
     */
    public synchronized long awaitAfter(long seenSequence, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (sequence == seenSequence) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return sequence;
    }
}
