package kafkasim.simulation.orchestrator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import kafkasim.simulation.host.HostUsage;
import kafkasim.simulation.report.LatencyMs;

/**
 * The warnings that say a run measured this machine rather than the architecture: the host was saturated, or the
 * generator could not keep its own schedule. Pure functions of the run's figures.
 */
final class MeasurementWarnings {
    /** Host CPU above {@link HostUsage#SATURATED_CPU_PCT} for more than this share of the run is saturation. */
    static final double SATURATED_FRACTION = 0.10;
    /** The generator sending this much later than scheduled (p99) is not keeping its schedule. */
    static final double SEND_LAG_P99_LIMIT_MS = 100;
    /** Load from outside the run is named in the saturation warning from this share of the machine on. */
    static final double UNLISTED_NOTE_PCT = 10;
    private static final String NOT_THE_ARCHITECTURE = "latency and throughput figures measure this machine, "
            + "not the architecture";

    private MeasurementWarnings() {
    }

    /**
     * Every warning that applies.
     *
     * @param host         null when the host was not monitored (no {@code /proc})
     * @param monitorError the host monitor's first failure, null if none
     * @param ticksAssumed the clock tick rate could not be read and 100 per second was assumed
     * @param hadFaults    the run applied faults: a producer that waited for a broker down on purpose is no limit
     */
    static List<String> of(HostUsage host, String monitorError, boolean ticksAssumed, LatencyMs sendLag,
                           boolean hadFaults) {
        List<String> warnings = new ArrayList<>();
        if (host == null) {
            warnings.add("the host was not monitored (no readable /proc): nothing here says whether this machine "
                    + "was saturated while it measured");
        } else {
            if (host.cpuAbove90PctFraction() > SATURATED_FRACTION) {
                warnings.add(saturated(host));
            }
            if (host.sampleErrors() > 0) {
                warnings.add("the host monitor failed " + host.sampleErrors() + " time(s) (first: " + monitorError
                        + "): host CPU and memory figures may be incomplete");
            }
            if (ticksAssumed) {
                warnings.add("getconf CLK_TCK could not be run: per-process cpuSec assume 100 clock ticks per second");
            }
        }
        if (sendLag != null && sendLag.count() > 0 && sendLag.p99() > SEND_LAG_P99_LIMIT_MS) {
            warnings.add("the generator could not keep its schedule (send lag p99 " + duration(sendLag.p99())
                    + "): " + (hadFaults ? "its producers waited while the run's faults held the broker down or"
                    + " restarted them; latency counts from the scheduled send time, so the wait is in the figures"
                    : NOT_THE_ARCHITECTURE));
        }
        return warnings;
    }

    /**
     * The warning when the broker did not acknowledge every message the devices sent: those messages are not the
     * pipeline's losses (no path counts them as lost); most never entered it, some may have (the broker had them but
     * the producer stopped waiting).
     */
    static Optional<String> sendErrors(long acknowledged, long failed) {
        if (failed == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(java.util.Locale.ROOT, "%,d of %,d messages (%.1f %%) were never acknowledged"
                + " by the broker (send errors, per device in devices.csv): they are not in produced, and the"
                + " throughput after the warm-up counts only acknowledged messages; a path that received some anyway"
                + " says so (receivedUnacknowledged)", failed,
                acknowledged + failed, 100.0 * failed / (acknowledged + failed)));
    }

    static String saturated(HostUsage host) {
        StringBuilder busiest = new StringBuilder();
        for (Map.Entry<String, HostUsage.RoleUsage> e : host.busiest(2)) {
            busiest.append(busiest.length() == 0 ? ", busiest: " : ", ").append(e.getKey()).append(' ')
                    .append(Math.round(e.getValue().measuredCpuPct())).append(" %");
        }
        if (busiest.length() > 0) {
            busiest.append(" of a core");
        }
        // on a shared machine the load may not be the run's own: say so, it changes what to do about it
        String outside = host.unlistedCpuPct() < UNLISTED_NOTE_PCT ? "" : String.format(Locale.ROOT,
                "; %.0f %% of the machine went to processes outside this run", host.unlistedCpuPct());
        return String.format(Locale.ROOT, "the host was saturated (CPU > %.0f %% for %d %% of the measured time%s%s): %s",
                HostUsage.SATURATED_CPU_PCT, Math.round(100 * host.cpuAbove90PctFraction()), busiest, outside,
                NOT_THE_ARCHITECTURE);
    }

    /** {@code 340 ms}, {@code 7.6 s}. */
    static String duration(double ms) {
        return ms < 1000 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f s", ms / 1000);
    }
}
