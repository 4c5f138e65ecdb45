package kafkasim.simulation.orchestrator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import kafkasim.simulation.dashboard.LiveFeed;
import kafkasim.simulation.dashboard.LiveSnapshot;
import kafkasim.simulation.dashboard.RecentLines;
import kafkasim.simulation.faults.AppliedFault;
import kafkasim.simulation.host.HostMonitor;
import kafkasim.simulation.host.ProcessTable;
import kafkasim.simulation.report.LatencyMs;
import kafkasim.simulation.report.PathMetrics;

/**
 * Builds the dashboard's {@link LiveSnapshot} once per second from what the orchestrator knows already (the
 * manager's events, the jobs' metric records, the host monitor's sample, the faults and actions) and publishes it
 * to the {@link LiveFeed}. Runs on the orchestrator's own loop, after the progress line: no thread of its own, and
 * nothing on the generator's send path.
 */
final class LiveSampler {
    private final String runId;
    private final String scenario;
    private final String broker;
    private final RunTotals totals;
    private final PathMetrics paths;
    private final HostMonitor host;
    private final ManagerProcess manager;
    private final Supplier<List<AppliedFault>> faults;
    private final Supplier<String> faultsInForce;
    private final Supplier<List<RunAction>> actions;
    private final Supplier<List<String>> warnings;
    private final Supplier<List<LiveSnapshot.GroupLive>> groups;
    private final RecentLines lines;
    private final String flinkWebUi;
    private final long staleMs;
    private final LiveFeed feed;
    private final long clockStartMs;
    /** Kafka runs: the paths' consumer lag (null: MQTT, or no Kafka telemetry topic). */
    private ConsumerLag lag;

    LiveSampler(String runId, String scenario, String broker, RunTotals totals, PathMetrics paths, HostMonitor host,
                ManagerProcess manager, Supplier<List<AppliedFault>> faults, Supplier<String> faultsInForce,
                Supplier<List<RunAction>> actions, Supplier<List<String>> warnings,
                Supplier<List<LiveSnapshot.GroupLive>> groups, RecentLines lines,
                String flinkWebUi, long staleMs, LiveFeed feed, long clockStartMs) {
        this.runId = runId;
        this.scenario = scenario;
        this.broker = broker;
        this.totals = totals;
        this.paths = paths;
        this.host = host;
        this.manager = manager;
        this.faults = faults;
        this.faultsInForce = faultsInForce;
        this.actions = actions;
        this.warnings = warnings;
        this.groups = groups;
        this.lines = lines;
        this.flinkWebUi = flinkWebUi;
        this.staleMs = staleMs;
        this.feed = feed;
        this.clockStartMs = clockStartMs;
    }

    /** Also shows each path's Kafka consumer lag. */
    LiveSampler withLag(ConsumerLag lag) {
        this.lag = lag;
        return this;
    }

    /** Publishes the second just printed as a progress line. */
    void publish(Progress.Second second, String phase) {
        long now = System.currentTimeMillis();
        long acked = totals.acked();
        Map<String, LiveSnapshot.PathLive> pathsNow = null;
        if (paths != null) {
            pathsNow = new LinkedHashMap<>();
            for (String path : PathMetrics.PATHS) {
                PathMetrics.Recent recent = paths.recent(path, Progress.PATH_SPAN_MS);
                boolean reporting = recent.endMs() > 0 && now - recent.endMs() <= staleMs;
                LatencyMs latency = LatencyMs.of(recent.totals().latencyUs());
                long received = paths.received(path);
                long lost = paths.lost(path);
                long duplicates = paths.duplicates(path);
                pathsNow.put(path, new LiveSnapshot.PathLive(reporting, round(recent.ratePerSec()), latency.p50(),
                        latency.p99(), received, lost, duplicates,
                        Math.max(0, acked - (received - duplicates) - lost), lag == null ? null : lag.lag(path)));
            }
        }
        double cpu = host == null ? Double.NaN : host.lastCpuBusyPct();
        feed.publish(new LiveSnapshot(now, Math.floorDiv(now - clockStartMs, 1000), runId, scenario, broker, phase,
                manager.paused(), Double.isNaN(cpu) ? null : round(cpu), round(second.producedPerSec()), acked,
                totals.failed(), totals.workersRunning(), totals.devices(), second.ackP99Ms(), second.sendLagP99Ms(),
                groups.get(), pathsNow, processes(), faultsInForce.get(), markers(), warnings.get(),
                lines == null ? List.of() : lines.lines(), flinkWebUi));
    }

    private List<LiveSnapshot.ProcessLive> processes() {
        if (host == null) {
            return List.of();
        }
        Map<Long, int[]> workers = totals.workersByPid();
        Map<String, Integer> seenPerRole = new LinkedHashMap<>();
        List<LiveSnapshot.ProcessLive> rows = new ArrayList<>();
        Map<String, LiveSnapshot.ProcessLive> folded = new LinkedHashMap<>();
        for (ProcessTable.Row r : host.processTable()) {
            if (r.role().equals(HostMonitor.POSTGRES)) {
                // PostgreSQL is a postmaster and its helpers: one row, the postmaster's pid, their sum
                folded.merge(r.role(), new LiveSnapshot.ProcessLive(r.role(), r.role(), r.pid(), "running",
                        Double.isNaN(r.cpuPct()) ? null : r.cpuPct(), r.rssMb(), null), LiveSampler::sum);
                continue;
            }
            int index = seenPerRole.merge(r.role(), 1, Integer::sum);
            String name = r.role() + (index > 1 ? " " + index : "");
            Integer restarts = null;
            if (r.role().equals(HostMonitor.WORKERS) && workers.containsKey(r.pid())) {
                name = "worker " + workers.get(r.pid())[0];
                restarts = workers.get(r.pid())[1];
            } else if (r.role().equals(HostMonitor.MANAGER)) {
                restarts = manager.restarts();
            }
            rows.add(new LiveSnapshot.ProcessLive(name, r.role(), r.pid(), "running",
                    Double.isNaN(r.cpuPct()) ? null : r.cpuPct(), r.rssMb(), restarts));
        }
        rows.addAll(folded.values());
        return rows;
    }

    private static LiveSnapshot.ProcessLive sum(LiveSnapshot.ProcessLive a, LiveSnapshot.ProcessLive b) {
        Double cpu = a.cpuPct() == null || b.cpuPct() == null ? null : round(a.cpuPct() + b.cpuPct());
        return new LiveSnapshot.ProcessLive(a.name(), a.role(), a.pid(), a.state(), cpu, a.rssMb() + b.rssMb(), null);
    }

    private List<LiveSnapshot.Marker> markers() {
        List<LiveSnapshot.Marker> markers = new ArrayList<>();
        for (AppliedFault f : faults.get()) {
            markers.add(new LiveSnapshot.Marker(f.appliedAtMs(), "fault", f.label()));
        }
        for (RunAction a : actions.get()) {
            if (a.accepted() && !a.verb().equals("fault")) { // a fault action is the fault's marker already
                markers.add(new LiveSnapshot.Marker(a.atMs(), "action", a.label()));
            }
        }
        markers.sort(java.util.Comparator.comparingLong(LiveSnapshot.Marker::atMs));
        return markers;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
