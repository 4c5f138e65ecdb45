package kafkasim.jobs.common.metrics;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import kafkasim.jobs.common.MicroTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask's path metrics: counters and a latency histogram per one-second window, published once per second
 * (also when every count is zero: downstream watermarks and the orchestrator's drain rely on that) as one record
 * on the log topic, keyed by the process name {@code flink-<path>-<subtask>}.
 *
 * <p>Records are attributed to the whole second in which they completed the path: the operator thread asks
 * {@link #window(long)} with the completion time and writes into that second's {@link MetricWindow} (wait-free).
 * There are {@value #SLOTS} windows in a ring; a reporter thread takes window {@code w} {@value #GRACE_MS} ms after
 * {@code w} ended, when only window {@code w+1} is being written, so no count is split between two records and the
 * operator never waits. A reporter late by more than {@value #SLOTS} seconds would attribute counts to an older
 * second, but never loses them. Publishing (and any waiting for Kafka) happens on the reporter thread only.
 *
 * <p>{@link #close()} (called from the operator's close) publishes every window up to the current, partial one.
 * {@code seq} counts this instance's records from 0; a restarted subtask starts again at 0 under the same process
 * name (like a restarted generator worker).
 */
public final class PathMetrics implements AutoCloseable {
    /** Length of a window, ms. */
    public static final long WINDOW_MS = 1000;
    static final int SLOTS = 4;
    /** How long after a window's end it is taken, ms. */
    static final long GRACE_MS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(PathMetrics.class);

    private final MetricWindow[] slots = new MetricWindow[SLOTS];
    private final MetricRecordEncoder encoder;
    private final MetricRecordSink sink;
    private final LongSupplier clockUs;
    private final String process;
    private long nextWindowStartMs; // guarded by this
    private long seq; // guarded by this
    private volatile boolean stopped;
    private Thread reporter;

    PathMetrics(MetricsSettings settings, String path, int subtask, List<String> extraNames, MetricRecordSink sink,
                LongSupplier clockUs) {
        this.process = processName(path, subtask);
        this.encoder = new MetricRecordEncoder(settings.runId(), path, subtask, process, ProcessHandle.current().pid(),
                extraNames);
        this.sink = sink;
        this.clockUs = clockUs;
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new MetricWindow(extraNames.size());
        }
        long nowMs = clockUs.getAsLong() / 1000;
        this.nextWindowStartMs = nowMs - Math.floorMod(nowMs, WINDOW_MS);
    }

    /**
     * Starts the metrics of one subtask of a path, publishing to the log topic, and its reporter thread.
     *
     * @param extraNames names of the path-specific counters, in the order {@link MetricWindow#add} indexes them
     */
    public static PathMetrics start(MetricsSettings settings, String path, int subtask, List<String> extraNames) {
        String process = processName(path, subtask);
        PathMetrics metrics = new PathMetrics(settings, path, subtask, extraNames,
                new LogTopicPublisher(settings.bootstrap(), settings.logTopic(), process), MicroTime::nowUs);
        metrics.startReporter();
        return metrics;
    }

    /**
     * Metrics that publish to {@code sink} on the given clock (epoch µs) and have no reporter thread: windows go
     * out on {@link #reportDue()} and {@link #close()} only. For tests.
     */
    public static PathMetrics withoutReporter(MetricsSettings settings, String path, int subtask,
                                              List<String> extraNames, MetricRecordSink sink, LongSupplier clockUs) {
        return new PathMetrics(settings, path, subtask, extraNames, sink, clockUs);
    }

    /** The process name metric records carry (and are keyed by): {@code flink-<path>-<subtask>}. */
    public static String processName(String path, int subtask) {
        return "flink-" + path + "-" + subtask;
    }

    public String process() {
        return process;
    }

    /** The window of the second containing {@code completionUs} (epoch µs); write the completed records into it. */
    public MetricWindow window(long completionUs) {
        long second = Math.floorDiv(completionUs, 1_000_000L);
        return slots[(int) Math.floorMod(second, (long) SLOTS)];
    }

    void startReporter() {
        reporter = new Thread(this::reportLoop, "kafkasim-metrics-" + process);
        reporter.setDaemon(true);
        reporter.start();
    }

    private void reportLoop() {
        while (!stopped) {
            long nowMs = clockUs.getAsLong() / 1000;
            long dueMs;
            synchronized (this) {
                dueMs = nextWindowStartMs + WINDOW_MS + GRACE_MS;
            }
            if (nowMs < dueMs) {
                try {
                    TimeUnit.MILLISECONDS.sleep(dueMs - nowMs);
                } catch (InterruptedException e) {
                    return; // close() reports the rest
                }
                continue;
            }
            try {
                reportDue();
                sink.tick();
            } catch (RuntimeException e) {
                LOG.warn("{}: reporting metrics failed: {}", process, e.toString(), e);
            }
        }
    }

    /** Publishes every window that ended at least {@value #GRACE_MS} ms ago (the reporter thread's job). */
    public synchronized void reportDue() {
        long nowUs = clockUs.getAsLong();
        while (nextWindowStartMs + WINDOW_MS + GRACE_MS <= nowUs / 1000) {
            publishNext(nowUs);
        }
    }

    /** Publishes every window up to and including the current one (at close). */
    synchronized void reportAll() {
        long nowUs = clockUs.getAsLong();
        while (nextWindowStartMs <= nowUs / 1000) {
            publishNext(nowUs);
        }
    }

    private void publishNext(long nowUs) {
        long windowStartMs = nextWindowStartMs;
        WindowSnapshot snapshot = window(windowStartMs * 1000).take(windowStartMs);
        sink.publish(encoder.encode(nowUs, seq++, snapshot));
        nextWindowStartMs = windowStartMs + WINDOW_MS;
    }

    /** Stops the reporter, publishes the remaining windows and closes the producer. Idempotent. */
    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (reporter != null) {
            reporter.interrupt();
            try {
                reporter.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            reportAll();
        } finally {
            sink.close();
        }
    }
}
