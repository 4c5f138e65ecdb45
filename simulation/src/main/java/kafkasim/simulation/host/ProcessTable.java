package kafkasim.simulation.host;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live process table of the dashboard: each watched process's CPU % over the last sample interval and its
 * resident memory now. Pure arithmetic over the monitor's readings (the summary's per-role totals are
 * {@link UsageAccumulator}'s); not thread-safe: the monitor serialises access.
 */
public final class ProcessTable {
    /** One process at the latest sample; {@code cpuPct} is of one core (200 = two cores busy). */
    public record Row(String role, long pid, double cpuPct, long rssMb) {
    }

    private record Seen(long startTicks, long cpuTicks, long atNanos) {
    }

    private final long ticksPerSec;
    private final Map<Long, Seen> previous = new HashMap<>();
    private List<Row> rows = List.of();
    private final List<Row> building = new ArrayList<>();
    private final Map<Long, Seen> seenNow = new HashMap<>();

    ProcessTable(long ticksPerSec) {
        this.ticksPerSec = ticksPerSec;
    }

    /** A sample starts: rows added until {@link #endSample()} replace the previous ones. */
    void startSample() {
        building.clear();
        seenNow.clear();
    }

    void add(String role, UsageAccumulator.Reading r, long atNanos) {
        Seen before = previous.get(r.pid());
        double cpuPct = Double.NaN; // first sight of this process: no interval yet
        if (before != null && before.startTicks() == r.startTicks() && atNanos > before.atNanos()) {
            double cpuSec = (double) (r.cpuTicks() - before.cpuTicks()) / ticksPerSec;
            cpuPct = Math.round(1000.0 * cpuSec / ((atNanos - before.atNanos()) / 1e9)) / 10.0;
        }
        building.add(new Row(role, r.pid(), cpuPct, Math.round(r.rssBytes() / (1024.0 * 1024.0))));
        seenNow.put(r.pid(), new Seen(r.startTicks(), r.cpuTicks(), atNanos));
    }

    void endSample() {
        rows = List.copyOf(building);
        previous.clear();
        previous.putAll(seenNow); // a process gone since is dropped: it has no row any more
    }

    List<Row> rows() {
        return rows;
    }
}
