package kafkasim.simulation.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kafkasim.simulation.orchestrator.Infrastructure;
import kafkasim.simulation.orchestrator.RunSummary;
import kafkasim.simulation.report.PathMetrics;
import kafkasim.simulation.report.PathSummary;

/**
 * Bench part (b): the highest rate at which all three paths keep up, found by running the whole pipeline at one
 * rate after another (doubling while it keeps up, then halving the interval) on the same infrastructure. Every
 * probe sends 256-byte messages from 1,000 devices with the fast path's simulated inference time set to 0, so the
 * figure measures the pipeline, not the simulated model.
 *
 * <p>A probe keeps up when the generator sent at least {@value #KEEP_UP_SHARE} of the scheduled rate after the
 * warm-up, every path completed everything within {@value #MAX_DRAIN_SEC} s after the generator stopped, and every
 * path's lag stayed bounded: its p99 latency after the warm-up within {@link #P99_BOUND_MS} (a path that falls
 * behind has a latency that grows with the run, and a long drain). Path rates are reported, not judged: counted per
 * whole second at both ends of a 30 s window, they are only good to a few percent.
 */
final class CapacitySearch {
    static final int PAYLOAD_BYTES = 256;
    static final int DEVICES = 1000;
    static final double KEEP_UP_SHARE = 0.95;
    static final double MAX_DRAIN_SEC = 10;
    /**
     * Bounded lag, per path: the fast path completes in tens of ms when it keeps up; the medium path within a batch
     * interval or a checkpoint (2 s); the slow path within two checkpoints (a file is committed by the checkpoint
     * after the one that closed it). Each bound leaves 1-2 s for pauses.
     */
    static final Map<String, Double> P99_BOUND_MS = Map.of("fast", 1000.0, "medium", 4000.0, "slow", 6000.0);
    /** The search stops when the first failing rate is within this factor of the last rate that kept up. */
    static final double RESOLUTION = 1.15;

    /** One probe's figures and verdict. */
    record Probe(int probe, double scheduledPerSec, double producedPerSec, Map<String, Double> pathRatePerSec,
                 Map<String, Double> p99Ms, Double drainSec, boolean complete, Double cpuBusyP50, Double cpuCores,
                 boolean keptUp, String verdict) {
    }

    /** The search: the capacity is the highest probed rate that kept up (0 if none did). */
    record Result(int payloadBytes, int probeSec, double pipelineCapacityPerSec, List<Probe> probes) {
    }

    private final Infrastructure infra;
    private final Path jobsJar;
    private final Path dir;
    private final int probeSec;
    private final PrintStream out;

    CapacitySearch(Infrastructure infra, Path jobsJar, Path dir, int probeSec, PrintStream out) {
        this.infra = infra;
        this.jobsJar = jobsJar;
        this.dir = dir;
        this.probeSec = probeSec;
        this.out = out;
    }

    Result run(double startPerSec, int maxProbes) throws Exception {
        List<Probe> probes = new ArrayList<>();
        double rate = startPerSec;
        double keptUp = 0;
        double failed = Double.POSITIVE_INFINITY;
        while (probes.size() < maxProbes) {
            Probe p = probe(probes.size() + 1, rate);
            probes.add(p);
            out.printf("  probe %d: %,.0f msg/s %s%n", p.probe(), rate, p.verdict());
            if (p.keptUp()) {
                keptUp = rate;
            } else {
                failed = rate;
            }
            if (failed / Math.max(keptUp, 1) <= RESOLUTION) {
                break;
            }
            rate = failed == Double.POSITIVE_INFINITY ? rate * 2 : keptUp == 0 ? rate / 2 : (keptUp + failed) / 2;
            rate = Math.round(rate / 100) * 100.0;
        }
        return new Result(PAYLOAD_BYTES, probeSec, keptUp, probes);
    }

    private Probe probe(int n, double ratePerSec) throws Exception {
        ProbeRun.Outcome o = ProbeRun.run(scenario(n, ratePerSec, probeSec), infra, jobsJar, dir);
        RunSummary s = o.result().summary();
        Map<String, Double> rates = new LinkedHashMap<>();
        Map<String, Double> p99 = new LinkedHashMap<>();
        List<String> behind = new ArrayList<>();
        for (String path : PathMetrics.PATHS) {
            PathSummary p = s.paths().get(path);
            rates.put(path, p.ratePerSec());
            p99.put(path, p.latencyMs().p99());
            if (p.latencyMs().p99() > P99_BOUND_MS.get(path)) {
                behind.add(String.format("%s p99 %,.0f ms", path, p.latencyMs().p99()));
            }
        }
        List<String> reasons = new ArrayList<>();
        if (s.producedPerSec() < KEEP_UP_SHARE * s.scheduledPerSec()) {
            reasons.add(String.format("the generator sent %,.0f/s", s.producedPerSec()));
        }
        if (!behind.isEmpty()) {
            reasons.add("lag: " + String.join(", ", behind));
        }
        if (!Boolean.TRUE.equals(s.complete()) || s.drainSec() == null || s.drainSec() > MAX_DRAIN_SEC) {
            reasons.add(String.format("drain %s s%s", s.drainSec(), Boolean.TRUE.equals(s.complete()) ? ""
                    : ", incomplete"));
        }
        boolean kept = reasons.isEmpty();
        String verdict = kept ? String.format("kept up (drain %.1f s, p99 fast %.0f / medium %.0f / slow %.0f ms)",
                s.drainSec(), p99.get("fast"), p99.get("medium"), p99.get("slow"))
                : "did not keep up: " + String.join("; ", reasons);
        Double cpu = s.host() == null ? null : s.host().cpuBusyPct().p50();
        // what the run's own processes used after the warm-up, in cores (100 % of a core = 1)
        Double cores = s.host() == null ? null : Math.round(s.host().processes().values().stream()
                .mapToDouble(r -> r.measuredCpuPct()).sum()) / 100.0;
        return new Probe(n, s.scheduledPerSec(), s.producedPerSec(), rates, p99, s.drainSec(),
                Boolean.TRUE.equals(s.complete()), cpu, cores, kept, verdict);
    }

    /** Probe {@code n}: its own topics and device type, so it never reads or collides with an earlier probe's. */
    static String scenario(int n, double ratePerSec, int durationSec) {
        return """
                { "name": "capacity-%1$d", "durationSec": %2$d, "warmupSec": %3$d,
                  "kafka": { "topic": "bench.capacity-%1$d", "partitions": 6, "logTopic": "bench.capacity-%1$d.log",
                             "alertsTopic": "bench.capacity-%1$d.alerts" },
                  "paths": { "fast": { "serviceTimeUs": 0 } },
                  "devices": [ { "type": "capacity%1$d", "count": %4$d, "ratePerSec": %5$s,
                                 "payloadBytes": %6$d } ] }
                """.formatted(n, durationSec, durationSec / 3, DEVICES, Double.toString(ratePerSec / DEVICES),
                PAYLOAD_BYTES);
    }
}
