package kafkasim.simulation.host;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.json}'s {@code host}: how busy the machine was while the run was measured, and what each
 * process role used of it.
 *
 * <p>Two windows. The <em>measured phase</em> runs from the generator's clock start (every worker sending) until
 * the run ended (drained, jobs stopped): host busy % and the roles' {@code measuredCpuPct} cover it, because that is
 * when the figures were taken. The <em>run</em> starts earlier, with the infrastructure: the roles' {@code cpuSec},
 * {@code cpuPct} and {@code peakRssMb} include start-up, which is part of what a run costs this machine.
 *
 * @param cores                 cores in {@code /proc/stat}; busy % is a share of all of them
 * @param cpuBusyPct            per-second host CPU busy % of all cores during the measured phase
 * @param cpuAbove90PctSec      seconds of the measured phase in which the host CPU was more than 90 % busy
 * @param cpuAbove90PctFraction those seconds as a fraction of the measured phase (0..1)
 * @param unlistedCpuPct        host busy % (mean) the listed processes do not explain: other programs on this
 *                              machine, external components running here, the kernel
 * @param measuredSec           length of the measured phase
 * @param wallSec               length of the run: infrastructure start until the run ended
 * @param samples               host samples in the measured phase (one per second)
 * @param sampleErrors          samples (or parts of one) that failed and were skipped, whole run
 * @param processes             per role (kafka, flink-jobmanager, flink-taskmanager, postgres, manager, workers,
 *                              orchestrator); external components are not listed
 */
@JsonPropertyOrder({"cores", "cpuBusyPct", "cpuAbove90PctSec", "cpuAbove90PctFraction", "unlistedCpuPct",
    "measuredSec", "wallSec", "samples", "sampleErrors", "processes"})
public record HostUsage(int cores, CpuBusyPct cpuBusyPct, double cpuAbove90PctSec, double cpuAbove90PctFraction,
                        double unlistedCpuPct, double measuredSec, double wallSec, long samples, long sampleErrors,
                        Map<String, RoleUsage> processes) {
    /** A host sample above this CPU busy % counts as saturated ({@code cpuAbove90Pct…}). */
    public static final double SATURATED_CPU_PCT = 90.0;

    /** Percentiles (nearest rank) and time-weighted mean of the per-second host CPU busy % samples. */
    public record CpuBusyPct(double p50, double p99, double max, double mean) {
    }

    /**
     * What one role's processes used during the run.
     *
     * @param cpuSec         CPU seconds (user + system) of all its processes during the run; a process that exited
     *                       contributes what was last sampled (up to one sample interval of its CPU may be missed)
     * @param cpuPct         cpuSec / wallSec × 100: average share of one core over the run (200 = two cores busy
     *                       all the time)
     * @param measuredCpuPct the same during the measured phase only
     * @param peakRssMb      largest sum of its processes' resident memory in one sample, MiB
     * @param processCount   distinct processes seen (restarts and replacements included)
     */
    @JsonPropertyOrder({"cpuSec", "cpuPct", "measuredCpuPct", "peakRssMb", "processCount"})
    public record RoleUsage(double cpuSec, double cpuPct, double measuredCpuPct, long peakRssMb, int processCount) {
    }

    /** The roles that used the most CPU during the measured phase, busiest first. */
    public List<Map.Entry<String, RoleUsage>> busiest(int n) {
        return processes.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, RoleUsage> e) -> e.getValue().measuredCpuPct())
                        .reversed())
                .limit(n).toList();
    }
}
