package kafkasim.generator.plan;

import java.util.ArrayList;
import java.util.List;
import kafkasim.common.scenario.DeviceGroup;
import kafkasim.common.scenario.Scenario;

/**
 * Decides how many worker processes run and which devices each one simulates.
 * <p>With {@code workers} in the scenario, every device group is split evenly over that many workers. Without it,
 * each device type gets its own workers (a fault in one type's worker never stalls another type), as many as its
 * load needs at {@link #MAX_MESSAGES_PER_SEC_PER_WORKER} and {@link #MAX_BYTES_PER_SEC_PER_WORKER}: both limits sit
 * well below what one worker can push (see README, benchmarks), so the generator is never the bottleneck.
 */
public final class Planner {
    static final double MAX_MESSAGES_PER_SEC_PER_WORKER = 50_000;
    static final double MAX_BYTES_PER_SEC_PER_WORKER = 40_000_000;
    public static final int DEFAULT_STATS_INTERVAL_MS = 1000;

    private Planner() {
    }

    public static GeneratorConfig plan(Scenario s, String bootstrap, boolean publishLogs) {
        TransportConfig transport = new TransportConfig(s.broker(), bootstrap, s.kafka().topic(), s.kafka().producer());
        List<WorkerSpec> workers = s.workers() != null ? splitEvenly(s, s.workers()) : perType(s);
        return new GeneratorConfig(transport, publishLogs ? s.kafka().logTopic() : null, DEFAULT_STATS_INTERVAL_MS,
                workers);
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

    static List<WorkerSpec> perType(Scenario s) {
        List<WorkerSpec> workers = new ArrayList<>();
        for (DeviceGroup g : s.devices()) {
            double rate = g.count() * g.ratePerSec();
            int n = (int) Math.max(1, Math.max(Math.ceil(rate / MAX_MESSAGES_PER_SEC_PER_WORKER),
                    Math.ceil(rate * g.payloadBytes() / MAX_BYTES_PER_SEC_PER_WORKER)));
            n = Math.min(n, g.count());
            int first = 0;
            for (int i = 0; i < n; i++) {
                int count = g.count() / n + (i < g.count() % n ? 1 : 0);
                workers.add(new WorkerSpec(workers.size(), List.of(range(g, first, count))));
                first += count;
            }
        }
        return workers;
    }

    private static DeviceRange range(DeviceGroup g, int first, int count) {
        return new DeviceRange(g.type(), first, count, g.ratePerSec(), g.payloadBytes(), g.anomalyRate(), g.fields());
    }
}
