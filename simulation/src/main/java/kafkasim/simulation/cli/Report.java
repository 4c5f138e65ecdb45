package kafkasim.simulation.cli;

import java.util.Locale;
import kafkasim.simulation.host.HostUsage;
import kafkasim.simulation.orchestrator.Orchestrator;
import kafkasim.simulation.report.PathSummary;

/** The few lines printed at the end of a run. */
final class Report {
    private Report() {
    }

    static void print(Orchestrator.RunSummaryFile result) {
        var s = result.summary();
        System.out.printf("produced %,d messages (%,.1f/s after the %d s warm-up) from %,d devices, %,d send errors%n",
                s.produced(), s.producedPerSec(), s.warmupSec(), s.devices(), s.sendErrors());
        System.out.printf("processes: %d started, %d restarted, %d crashed; log records: %,d written, %,d dropped%n",
                s.processes().started(), s.processes().restarted(), s.processes().crashed(), s.log().written(),
                s.log().dropped());
        System.out.printf("producer ack latency ms after the warm-up: p50 %.2f  p99 %.2f  p999 %.2f  max %.2f%n",
                s.producer().ackLatencyMs().p50(), s.producer().ackLatencyMs().p99(),
                s.producer().ackLatencyMs().p999(), s.producer().ackLatencyMs().max());
        if (s.paths() != null) {
            s.paths().forEach((path, p) -> System.out.println(pathLine(path, p)));
        }
        if (s.host() != null) {
            System.out.println(hostLine(s.host()));
        }
        System.out.println("summary: " + result.file());
        System.out.println("devices: " + result.devicesCsv());
        if (result.report() != null) {
            System.out.println("report: " + result.report());
        }
        // last, so they are what a user sees when the run ends
        for (String warning : s.warnings()) {
            System.out.println("WARNING: " + warning);
        }
        if (Boolean.FALSE.equals(s.complete())) {
            System.out.println("INCOMPLETE: not every path completed every message (exit code " + Main.EXIT_INCOMPLETE
                    + ")");
        }
    }

    /**
     * {@code fast: received 12,000  lost 0 (acknowledged 0, unacknowledged 0)  backlog 0  duplicates 0  3,150/s  p50
     * 11 ms  p99 80 ms  p999 …}.
     */
    static String pathLine(String path, PathSummary p) {
        return String.format(Locale.ROOT, "%-6s received %,d  lost %,d (acknowledged %,d, unacknowledged %,d)  backlog"
                        + " %,d  duplicates %,d  %,.0f/s  latency after the warm-up p50 %,.0f ms  p99 %,.0f ms  p999"
                        + " %,.0f ms  max %,.0f ms", path + ":", p.received(), p.lost(), p.lostAcknowledged(),
                p.lostUnacknowledged(), p.backlog(), p.duplicates(), p.ratePerSec(), p.latencyMs().p50(),
                p.latencyMs().p99(), p.latencyMs().p999(), p.latencyMs().max());
    }

    /** {@code host: 2 cores, CPU busy p50 71 %  p99 100 %, > 90 % for 34 % of the measured time; busiest …}. */
    static String hostLine(HostUsage h) {
        StringBuilder busiest = new StringBuilder();
        for (var e : h.busiest(3)) {
            busiest.append(busiest.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.0f %% (%,d MB)",
                    e.getKey(), e.getValue().measuredCpuPct(), e.getValue().peakRssMb()));
        }
        return String.format(Locale.ROOT, "host: %d cores, CPU busy p50 %.0f %%  p99 %.0f %%, > %.0f %% for %.0f %% of "
                        + "the measured time, %.0f %% outside this run; busiest (%% of a core, peak RSS): %s",
                h.cores(), h.cpuBusyPct().p50(), h.cpuBusyPct().p99(), HostUsage.SATURATED_CPU_PCT,
                100 * h.cpuAbove90PctFraction(), h.unlistedCpuPct(), busiest);
    }
}
