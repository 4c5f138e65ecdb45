package kafkasim.simulation.orchestrator;

import java.io.PrintStream;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import kafkasim.simulation.report.LatencyMs;
import kafkasim.simulation.report.PathMetrics;

/**
 * One line per second: elapsed time, host CPU busy % of the last second, produced rate and total, errors, workers,
 * producer latency of the last second, and, when the consumer jobs run, each path's completed messages per second
 * and p99 end-to-end latency over the last {@value #PATH_SPAN_MS} ms that every subtask has reported (metric records
 * arrive once per checkpoint, so a rate over the records of the last second alone would swing between 0 and a
 * multiple of the real one).
 */
final class Progress {
    static final long PATH_SPAN_MS = 5000;
    private final RunTotals totals;
    private final PathMetrics paths;
    private final DoubleSupplier hostCpuBusyPct;
    private final Supplier<String> faultsInForce;
    private final long staleMs;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private long lastAcked;
    private long lastNanos = startNanos;

    /**
     * @param hostCpuBusyPct host CPU busy % of the last second (NaN if not known yet), or null if not monitored
     * @param faultsInForce  the faults in force now ("" if none): each line while they last says so
     * @param staleMs        a path whose newest reported second is older than this has stopped reporting: its line
     *                       says so instead of repeating its last rate
     */
    Progress(RunTotals totals, PathMetrics paths, DoubleSupplier hostCpuBusyPct, Supplier<String> faultsInForce,
             long staleMs, PrintStream out) {
        this.totals = totals;
        this.paths = paths;
        this.hostCpuBusyPct = hostCpuBusyPct;
        this.faultsInForce = faultsInForce;
        this.staleMs = staleMs;
        this.out = out;
    }

    /** The generator's side of the second a line printed (the dashboard shows the same figures). */
    record Second(double producedPerSec, double ackP99Ms, double sendLagP99Ms) {
    }

    Second print() {
        long now = System.nanoTime();
        long acked = totals.acked();
        long lastAckedBefore = lastAcked;
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        LatencyMs[] interval = totals.takeIntervalLatencies();
        StringBuilder pathPart = new StringBuilder();
        if (paths != null) {
            for (String path : PathMetrics.PATHS) {
                PathMetrics.Recent recent = paths.recent(path, PATH_SPAN_MS);
                long silentMs = System.currentTimeMillis() - recent.endMs();
                if (recent.endMs() > 0 && silentMs > staleMs) {
                    // its records stopped (the path or the network to the log topic is down): no rate to show
                    pathPart.append(String.format("  %s no metric records for %d s", path, silentMs / 1000));
                } else {
                    pathPart.append(String.format("  %s %,.0f/s p99 %.0f ms", path, recent.ratePerSec(),
                            LatencyMs.of(recent.totals().latencyUs()).p99()));
                }
            }
        }
        String faults = faultsInForce == null ? "" : faultsInForce.get();
        out.printf("[%4ds]%s produced %,8.0f/s  total %,11d  errors %,d  workers %d  devices %,d  ack p99 %.1f ms"
                        + "  send lag p99 %.1f ms%s%s%n",
                (now - startNanos) / 1_000_000_000L, cpuPart(), (acked - lastAcked) / seconds, acked, totals.failed(),
                totals.workersRunning(), totals.devices(), interval[0].p99(), interval[1].p99(), pathPart,
                faults.isEmpty() ? "" : "  FAULT " + faults);
        lastAcked = acked;
        lastNanos = now;
        return new Second((acked - lastAckedBefore) / seconds, interval[0].p99(), interval[1].p99());
    }

    /** {@code " cpu  97%"}: a saturated host shows while it happens, not only in the summary. */
    private String cpuPart() {
        if (hostCpuBusyPct == null) {
            return "";
        }
        double pct = hostCpuBusyPct.getAsDouble();
        return Double.isNaN(pct) ? " cpu   -%" : String.format(" cpu %3.0f%%", pct);
    }
}
