package kafkasim.simulation.host;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the monitor's samples into {@link HostUsage}: pure arithmetic, no I/O, so the percentile, threshold and
 * CPU-time rules are tested with made-up samples. Not thread-safe: the monitor serialises access.
 *
 * <p>Two windows: process CPU time and memory count from the monitor's start (start-up is part of what the run
 * costs this machine); host busy % and each role's share count from {@link #startMeasuredPhase()} (start-up saturates
 * any small machine, but it is not what the figures measure). Memory stays bounded however long the run: busy %
 * goes into 0.1 % bins, not a list.
 */
final class UsageAccumulator {
    private static final int BINS_PER_PCT = 10;

    /**
     * One process's counters in one sample.
     *
     * @param startTicks when it started (clock ticks after boot): with the pid, it tells a restarted or reused pid
     *                   from the process seen before
     */
    record Reading(long pid, long startTicks, long cpuTicks, long rssBytes) {
    }

    private record ProcessKey(long pid, long startTicks) {
    }

    /** CPU ticks of one process: used during the run = last − baseline, during the measured phase = last − atMark. */
    private static final class ProcessTicks {
        final long baseline;
        long atMark;
        long last;

        ProcessTicks(long baseline, long last) {
            this.baseline = baseline;
            this.atMark = baseline;
            this.last = last;
        }
    }

    private static final class RoleTotals {
        final Map<ProcessKey, ProcessTicks> processes = new HashMap<>();
        long peakRssBytes;
    }

    private final long monitorStartTicks;
    private final long ticksPerSec;
    private final Map<String, RoleTotals> roles = new LinkedHashMap<>();
    private long[] busyBins = new long[100 * BINS_PER_PCT + 1];
    private long samples;
    private long sampledMs;
    private long saturatedMs;
    private double busyPctMs;
    private double maxBusyPct;

    /**
     * @param monitorStartTicks when monitoring began, clock ticks after boot: processes started earlier count only
     *                          the CPU they use from their first sample on
     */
    UsageAccumulator(long monitorStartTicks, long ticksPerSec) {
        this.monitorStartTicks = monitorStartTicks;
        this.ticksPerSec = ticksPerSec;
    }

    /** Host CPU busy % over the last {@code elapsedMs}. */
    void hostSample(double busyPct, long elapsedMs) {
        if (Double.isNaN(busyPct)) {
            return;
        }
        double pct = Math.max(0, Math.min(100, busyPct));
        busyBins[(int) Math.round(pct * BINS_PER_PCT)]++;
        samples++;
        sampledMs += elapsedMs;
        busyPctMs += pct * elapsedMs;
        if (pct > HostUsage.SATURATED_CPU_PCT) {
            saturatedMs += elapsedMs;
        }
        maxBusyPct = Math.max(maxBusyPct, pct);
    }

    /** The live processes of one role at one sample (an empty list still lists the role). */
    void roleSample(String role, List<Reading> readings) {
        RoleTotals totals = roles.computeIfAbsent(role, r -> new RoleTotals());
        long rss = 0;
        for (Reading r : readings) {
            ProcessTicks t = totals.processes.computeIfAbsent(new ProcessKey(r.pid(), r.startTicks()),
                    k -> new ProcessTicks(r.startTicks() < monitorStartTicks ? r.cpuTicks() : 0, r.cpuTicks()));
            t.last = Math.max(t.last, r.cpuTicks());
            rss += r.rssBytes();
        }
        totals.peakRssBytes = Math.max(totals.peakRssBytes, rss);
    }

    /** From now on host busy % and the roles' measured share count (what came before was start-up). */
    void startMeasuredPhase() {
        busyBins = new long[busyBins.length];
        samples = 0;
        sampledMs = 0;
        saturatedMs = 0;
        busyPctMs = 0;
        maxBusyPct = 0;
        roles.values().forEach(r -> r.processes.values().forEach(p -> p.atMark = p.last));
    }

    /** Percentile (nearest rank) of the host samples so far; 0 without samples. */
    double busyPercentile(double pct) {
        if (samples == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(pct / 100.0 * samples));
        long seen = 0;
        for (int i = 0; i < busyBins.length; i++) {
            seen += busyBins[i];
            if (seen >= rank) {
                return (double) i / BINS_PER_PCT;
            }
        }
        return maxBusyPct;
    }

    /**
     * @param wallSec     since the monitor started
     * @param measuredSec since {@link #startMeasuredPhase()} (= wallSec if it was never called)
     */
    HostUsage summary(int cores, double wallSec, double measuredSec, long sampleErrors) {
        Map<String, HostUsage.RoleUsage> processes = new LinkedHashMap<>();
        double measuredCpuSec = 0;
        for (Map.Entry<String, RoleTotals> e : roles.entrySet()) {
            Map<ProcessKey, ProcessTicks> ps = e.getValue().processes;
            double cpuSec = (double) ps.values().stream().mapToLong(p -> p.last - p.baseline).sum() / ticksPerSec;
            double measured = (double) ps.values().stream().mapToLong(p -> p.last - p.atMark).sum() / ticksPerSec;
            measuredCpuSec += measured;
            processes.put(e.getKey(), new HostUsage.RoleUsage(round2(cpuSec), pct(cpuSec, wallSec),
                    pct(measured, measuredSec), Math.round(e.getValue().peakRssBytes / (1024.0 * 1024.0)), ps.size()));
        }
        double meanBusyPct = sampledMs == 0 ? 0 : busyPctMs / sampledMs;
        // what kept the machine busy besides the listed processes: other programs, the kernel, unlisted components
        double unlistedPct = sampledMs == 0 || cores == 0 ? 0
                : Math.max(0, meanBusyPct - pct(measuredCpuSec, measuredSec) / cores);
        return new HostUsage(cores,
                new HostUsage.CpuBusyPct(busyPercentile(50), busyPercentile(99), round1(maxBusyPct), round1(meanBusyPct)),
                round1(saturatedMs / 1000.0), sampledMs == 0 ? 0 : Math.round(1000.0 * saturatedMs / sampledMs) / 1000.0,
                round1(unlistedPct), round1(measuredSec), round1(wallSec), samples, sampleErrors, processes);
    }

    private static double pct(double cpuSec, double wallSec) {
        return wallSec <= 0 ? 0 : round1(100 * cpuSec / wallSec);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
