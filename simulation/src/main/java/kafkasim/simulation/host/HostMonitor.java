package kafkasim.simulation.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Samples the host once per interval for the whole run: CPU busy % of all cores from {@code /proc/stat}, and per
 * process role the CPU time and resident memory of its processes from {@code /proc/<pid>/stat} and
 * {@code /proc/<pid>/status}. The run's figures are only as good as the machine that produced them; this says how
 * loaded it was.
 *
 * <p>Why {@code /proc} and not JMX: it covers the processes that are no JVM (PostgreSQL) and costs nothing inside
 * the measured processes. A sample reads a few small files per process and runs on its own daemon thread; a
 * failure is counted and never reaches the run. Roles are registered as their processes become known
 * ({@link #watch}); a process that exits keeps the CPU time of its last sample.
 */
public final class HostMonitor implements AutoCloseable {
    public static final String KAFKA = "kafka";
    /** The embedded MQTT broker (HiveMQ's JVM, or mosquitto and its watcher JVM). */
    public static final String MQTT = "mqtt-broker";
    public static final String FLINK_JOBMANAGER = "flink-jobmanager";
    public static final String FLINK_TASKMANAGER = "flink-taskmanager";
    public static final String POSTGRES = "postgres";
    public static final String MANAGER = "manager";
    public static final String WORKERS = "workers";
    public static final String ORCHESTRATOR = "orchestrator";
    /** The order of {@code host.processes} in summary.json: infrastructure, then the generator. */
    static final List<String> ROLE_ORDER = List.of(MQTT, KAFKA, FLINK_JOBMANAGER, FLINK_TASKMANAGER, POSTGRES, MANAGER,
            WORKERS, ORCHESTRATOR);
    public static final long DEFAULT_INTERVAL_MS = 1000;

    private record Role(String name, Supplier<? extends Collection<ProcessHandle>> processes) {
    }

    private final ProcFs proc;
    private final long intervalMs;
    private final long ticksPerSec;
    private final boolean ticksAssumed;
    private final int cores;
    private final List<Role> roles = new ArrayList<>(); // guarded by this; in ROLE_ORDER
    private final UsageAccumulator usage; // guarded by this
    private final ScheduledExecutorService timer;
    private final long startNanos;
    private long measuredStartNanos; // guarded by this
    private ProcFs.CpuTimes lastCpu; // guarded by this
    private long lastCpuNanos; // guarded by this; when lastCpu was read
    private long lastSampleNanos; // guarded by this
    private long sampleErrors; // guarded by this
    private String firstError; // guarded by this
    private volatile double lastCpuBusyPct = Double.NaN;
    private HostUsage finalUsage; // guarded by this
    private final ProcessTable table; // guarded by this

    private HostMonitor(ProcFs proc, long intervalMs) throws IOException {
        this.proc = proc;
        this.intervalMs = intervalMs;
        long ticks = ProcFs.clockTicksPerSec();
        this.ticksAssumed = ticks <= 0;
        this.ticksPerSec = ticksAssumed ? ProcFs.DEFAULT_CLOCK_TICKS_PER_SEC : ticks;
        this.cores = proc.cores();
        this.usage = new UsageAccumulator(proc.uptimeTicks(ticksPerSec), ticksPerSec);
        this.table = new ProcessTable(ticksPerSec);
        this.lastCpu = proc.cpuTimes();
        this.startNanos = System.nanoTime();
        this.measuredStartNanos = startNanos;
        this.lastCpuNanos = startNanos;
        this.lastSampleNanos = startNanos;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "host-monitor");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts sampling every {@value #DEFAULT_INTERVAL_MS} ms; null when this machine has no readable {@code /proc}
     * (not Linux): the run then has no {@code host} section.
     */
    public static HostMonitor start() {
        return start(ProcFs.system(), DEFAULT_INTERVAL_MS);
    }

    static HostMonitor start(ProcFs proc, long intervalMs) {
        if (!proc.available()) {
            return null;
        }
        try {
            HostMonitor m = new HostMonitor(proc, intervalMs);
            // fixed delay: after a stall (a frozen JVM, a suspended machine) no burst of catch-up samples
            m.timer.scheduleWithFixedDelay(m::sampleQuietly, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
            return m;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Adds a role; {@code processes} is asked at every sample (it may return dead processes: they are skipped).
     *
     * @throws IllegalArgumentException if the role is watched already (its RSS would be split over two entries)
     */
    public synchronized void watch(String role, Supplier<? extends Collection<ProcessHandle>> processes) {
        if (roles.stream().anyMatch(r -> r.name().equals(role))) {
            throw new IllegalArgumentException("role " + role + " is watched already");
        }
        roles.add(new Role(role, processes));
        roles.sort(Comparator.comparingInt(r -> ROLE_ORDER.contains(r.name()) ? ROLE_ORDER.indexOf(r.name())
                : ROLE_ORDER.size()));
        usage.roleSample(role, List.of()); // listed from now on, even before its first sample
    }

    public void watch(Map<String, Supplier<List<ProcessHandle>>> byRole) {
        byRole.forEach(this::watch);
    }

    /**
     * The generator's clock starts: host busy % and the roles' measured share count from here (start-up before it
     * saturates any small machine but is not what the figures measure). Without this call they cover the whole run.
     */
    public synchronized void startMeasuredPhase() {
        sampleQuietly(); // fresh counters: the measured phase starts now, not at the last tick
        usage.startMeasuredPhase();
        measuredStartNanos = System.nanoTime();
    }

    /** Host CPU busy % of the last interval, for the progress line; NaN before the first interval ended. */
    public double lastCpuBusyPct() {
        return lastCpuBusyPct;
    }

    /** Ticks per second of the CPU times; true if {@code getconf CLK_TCK} failed and 100 was assumed. */
    public boolean clockTicksAssumed() {
        return ticksAssumed;
    }

    /** Every watched process at the latest sample, roles in {@link #ROLE_ORDER}: the dashboard's process table. */
    public synchronized List<ProcessTable.Row> processTable() {
        return table.rows();
    }

    /** The first sampling failure, for a warning; null if there was none. */
    public synchronized String firstError() {
        return firstError;
    }

    /** What was sampled so far (sampling goes on). */
    public synchronized HostUsage usage() {
        return finalUsage != null ? finalUsage : summary(System.nanoTime());
    }

    /**
     * Takes a last sample and stops: the run ended. Later calls return the same usage; what the machine does while
     * the infrastructure shuts down is not part of the run.
     */
    public synchronized HostUsage stop() {
        if (finalUsage == null) {
            timer.shutdownNow();
            sampleQuietly();
            finalUsage = summary(lastSampleNanos);
        }
        return finalUsage;
    }

    /** The usage until {@code endNanos}, roles in {@link #ROLE_ORDER} (then the others in the order watched). */
    private HostUsage summary(long endNanos) {
        HostUsage u = usage.summary(cores, (endNanos - startNanos) / 1e9, (endNanos - measuredStartNanos) / 1e9,
                sampleErrors);
        Map<String, HostUsage.RoleUsage> ordered = new LinkedHashMap<>();
        roles.forEach(r -> ordered.put(r.name(), u.processes().get(r.name())));
        return new HostUsage(u.cores(), u.cpuBusyPct(), u.cpuAbove90PctSec(), u.cpuAbove90PctFraction(),
                u.unlistedCpuPct(), u.measuredSec(), u.wallSec(), u.samples(), u.sampleErrors(), ordered);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private synchronized void sampleQuietly() {
        if (finalUsage != null) {
            return;
        }
        try {
            sample();
        } catch (IOException | RuntimeException e) {
            error(e);
        }
    }

    private void sample() throws IOException {
        long now = System.nanoTime();
        long elapsedMs = (now - lastCpuNanos) / 1_000_000;
        // the final sample, soon after the last tick, is too short for a meaningful busy %: processes only
        if (elapsedMs >= intervalMs / 2) {
            ProcFs.CpuTimes cpu = proc.cpuTimes();
            double busy = cpu.busyPctSince(lastCpu);
            usage.hostSample(busy, elapsedMs);
            lastCpu = cpu;
            lastCpuNanos = now;
            lastCpuBusyPct = busy;
        }
        lastSampleNanos = now;
        table.startSample();
        for (Role role : roles) {
            List<UsageAccumulator.Reading> readings = new ArrayList<>();
            try {
                for (ProcessHandle h : role.processes().get()) {
                    // isAlive() compares the start time the handle was made with: a reused pid is not ours
                    if (h.isAlive()) {
                        UsageAccumulator.Reading r = read(h.pid());
                        if (r != null) {
                            readings.add(r);
                            table.add(role.name(), r, now);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                error(e);
            }
            usage.roleSample(role.name(), readings);
        }
        table.endSample();
    }

    private UsageAccumulator.Reading read(long pid) throws IOException {
        ProcFs.ProcessStat stat = proc.stat(pid);
        if (stat == null) {
            return null; // gone since isAlive(): its CPU time was counted up to its last sample
        }
        return new UsageAccumulator.Reading(pid, stat.startTicks(), stat.cpuTicks(), proc.rssBytes(pid));
    }

    private void error(Exception e) {
        sampleErrors++;
        if (firstError == null) {
            firstError = e.toString();
        }
    }
}
