package kafkasim.generator.plan;

import java.util.ArrayList;
import java.util.List;
import kafkasim.common.scenario.DeviceGroup;
import kafkasim.common.scenario.Scenario;

/**
 * Decides how many worker processes run and which devices each one simulates: every device group is split evenly
 * over the workers, so each worker carries the same mix.
 * <p>With {@code workers} in the scenario, that many. Without it, as few as the load needs: one worker per
 * {@link #MAX_MESSAGES_PER_SEC_PER_WORKER} and {@link #MAX_BYTES_PER_SEC_PER_WORKER} (both far below what one
 * worker pushes, see docs/performance.md), but never more than {@link #maxWorkers(int)} for the host's cores. A JVM
 * costs CPU just by existing (JIT compiler, GC and producer network threads: measured 15-30 % of a core per idle-ish
 * worker while it warms up), and on a small host that CPU is taken from the broker and Flink the run measures; one
 * set of workers per device type (the earlier plan) made the generator the biggest CPU user of a medium run.
 */
public final class Planner {
    static final double MAX_MESSAGES_PER_SEC_PER_WORKER = 50_000;
    static final double MAX_BYTES_PER_SEC_PER_WORKER = 40_000_000;
    public static final int DEFAULT_STATS_INTERVAL_MS = 1000;

    private Planner() {
    }

    /** Plans for this machine ({@link Runtime#availableProcessors()}). */
    public static GeneratorConfig plan(Scenario s, String bootstrap, boolean publishLogs) {
        return plan(s, bootstrap, publishLogs, Runtime.getRuntime().availableProcessors());
    }

    public static GeneratorConfig plan(Scenario s, String bootstrap, boolean publishLogs, int hostCores) {
        return plan(s, bootstrap, null, publishLogs, hostCores);
    }

    /**
     * @param bootstrap Kafka: the telemetry topic's cluster in a Kafka run, the log topic's in every run (null:
     *                  logs stay in files)
     * @param mqttUrl   the MQTT broker of an MQTT run
     */
    public static GeneratorConfig plan(Scenario s, String bootstrap, String mqttUrl, boolean publishLogs,
                                       int hostCores) {
        return plan(s, bootstrap, mqttUrl, publishLogs, hostCores, GeneratorSecurity.PLAIN);
    }

    /** As above, every client connecting as {@code security} says. */
    public static GeneratorConfig plan(Scenario s, String bootstrap, String mqttUrl, boolean publishLogs,
                                       int hostCores, GeneratorSecurity security) {
        TransportConfig transport = TransportConfig.of(s, bootstrap, mqttUrl, security);
        int n = s.workers() != null ? s.workers() : workersForLoad(s, transport, hostCores);
        LogTarget log = publishLogs && bootstrap != null
                ? new LogTarget(bootstrap, s.kafka().logTopic(), security.logger()) : null;
        return new GeneratorConfig(transport, log, DEFAULT_STATS_INTERVAL_MS, splitEvenly(s, n));
    }

    /**
     * Workers the scenario's load needs, at most {@link #maxWorkers(int)}: half the cores, so that brokers and
     * Flink keep the other half.
     */
    static int workersForLoad(Scenario s, TransportConfig transport, int hostCores) {
        double bytesPerSec = s.devices().stream().mapToDouble(g -> g.count() * g.ratePerSec() * g.payloadBytes()).sum();
        int byLoad = (int) Math.max(Math.ceil(s.totalRatePerSec() / MAX_MESSAGES_PER_SEC_PER_WORKER),
                Math.ceil(bytesPerSec / MAX_BYTES_PER_SEC_PER_WORKER));
        int byConnections = (int) Math.ceil(s.devices().stream().mapToLong(g -> g.count()).sum()
                / (double) transport.maxDevicesPerWorker());
        return Math.max(byConnections, Math.max(1, Math.min(byLoad, maxWorkers(hostCores))));
    }

    static int maxWorkers(int hostCores) {
        return Math.max(1, hostCores / 2);
    }

    /** Each group is cut into {@code n} near-equal contiguous ranges; worker i takes range i of every group. */
    static List<WorkerSpec> splitEvenly(Scenario s, int n) {
        List<List<DeviceRange>> ranges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ranges.add(new ArrayList<>());
        }
        for (DeviceGroup g : s.devices()) {
            int first = 0;
            for (int i = 0; i < n; i++) {
                int count = g.count() / n + (i < g.count() % n ? 1 : 0);
                if (count > 0) {
                    ranges.get(i).add(range(g, first, count));
                }
                first += count;
            }
        }
        List<WorkerSpec> workers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!ranges.get(i).isEmpty()) {
                workers.add(new WorkerSpec(workers.size(), List.copyOf(ranges.get(i))));
            }
        }
        return workers;
    }

    private static DeviceRange range(DeviceGroup g, int first, int count) {
        return new DeviceRange(g.type(), first, count, g.ratePerSec(), g.payloadBytes(), g.anomalyRate(), g.fields());
    }
}
