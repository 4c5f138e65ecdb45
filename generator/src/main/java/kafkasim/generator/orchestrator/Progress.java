package kafkasim.generator.orchestrator;

import kafkasim.generator.report.LatencyMs;
import java.io.PrintStream;

/** One line per second: elapsed time, produced rate and total, errors, workers, latency of the last second. */
final class Progress {
    private final RunTotals totals;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private long lastAcked;
    private long lastNanos = startNanos;

    Progress(RunTotals totals, PrintStream out) {
        this.totals = totals;
        this.out = out;
    }

    void print() {
        long now = System.nanoTime();
        long acked = totals.acked();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        LatencyMs[] interval = totals.takeIntervalLatencies();
        out.printf("[%4ds] produced %,8.0f/s  total %,11d  errors %,d  workers %d  devices %,d  ack p99 %.1f ms"
                        + "  send lag p99 %.1f ms%n",
                (now - startNanos) / 1_000_000_000L, (acked - lastAcked) / seconds, acked, totals.failed(),
                totals.workersRunning(), totals.devices(), interval[0].p99(), interval[1].p99());
        lastAcked = acked;
        lastNanos = now;
    }
}
