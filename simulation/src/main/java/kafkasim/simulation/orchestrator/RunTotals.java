package kafkasim.simulation.orchestrator;

import java.util.HashMap;
import java.util.Map;
import kafkasim.common.metrics.Histograms;
import kafkasim.generator.ipc.Event;
import kafkasim.simulation.report.LatencyMs;
import org.HdrHistogram.Histogram;

/**
 * What the orchestrator knows about the running generator, from the manager's events: per-worker counters
 * (cumulative over restarts), merged latency histograms (whole run, after the warm-up, and current second), and
 * process counts. Events arrive on the manager-reader thread; the progress printer reads; hence the synchronized
 * methods.
 */
final class RunTotals {
    /** Counters of the last stats event of each worker. */
    private final Map<Integer, long[]> byWorker = new HashMap<>();
    private final Map<Integer, Integer> devicesByWorker = new HashMap<>();
    private final Histogram ackLatencyUs = newHistogram();
    private final Histogram sendLagUs = newHistogram();
    private final Histogram ackLatencyUsMeasured = newHistogram();
    private final Histogram sendLagUsMeasured = newHistogram();
    private final Histogram ackLatencyUsInterval = newHistogram();
    private final Histogram sendLagUsInterval = newHistogram();
    private final java.util.Set<Integer> readyWorkers = new java.util.HashSet<>();
    /** Every worker JVM started in the run (restarts included), for the host monitor. */
    private final java.util.List<ProcessHandle> workerProcesses = new java.util.ArrayList<>();
    /** Each worker id's latest JVM (the target of a {@code kill-worker} fault). */
    private final Map<Integer, ProcessHandle> workerById = new HashMap<>();
    /** How often each worker id was started again after its JVM died. */
    private final Map<Integer, Integer> restartsByWorker = new HashMap<>();
    private int started;
    private int restarted;
    private int crashed;
    private int workersRunning;
    private boolean measuring;
    private Event failure;

    static Histogram newHistogram() {
        return Histograms.create();
    }

    synchronized void onEvent(Event e) {
        switch (e.event()) {
            case Event.STATS -> {
                byWorker.put(e.workerId(), new long[] {e.acked(), e.failed()});
                devicesByWorker.put(e.workerId(), e.devices());
                add(e.sendLagUs(), sendLagUs, sendLagUsInterval, measuring ? sendLagUsMeasured : null);
                add(e.ackLatencyUs(), ackLatencyUs, ackLatencyUsInterval, measuring ? ackLatencyUsMeasured : null);
            }
            case Event.READY -> {
                if (e.workerId() != null) {
                    readyWorkers.add(e.workerId());
                    notifyAll();
                }
            }
            case Event.WORKER_STARTED -> {
                started++;
                workersRunning++;
                if (e.pid() != null) {
                    // a handle taken now keeps the process's start time: a later process with the same pid is not it
                    ProcessHandle.of(e.pid()).ifPresent(h -> {
                        workerProcesses.add(h);
                        if (e.workerId() != null) {
                            workerById.put(e.workerId(), h);
                        }
                    });
                }
                if (Boolean.TRUE.equals(e.restart())) {
                    restarted++;
                    if (e.workerId() != null) {
                        restartsByWorker.merge(e.workerId(), 1, Integer::sum);
                    }
                }
            }
            case Event.WORKER_EXITED -> {
                workersRunning--;
                if (Boolean.TRUE.equals(e.restart())) {
                    crashed++;
                }
            }
            case Event.WORKER_FAILED -> {
                if (failure == null) {
                    failure = e;
                }
                notifyAll(); // the run ends: nobody waits for workers that will never be ready
            }
            default -> {
            }
        }
    }

    private static void add(String encoded, Histogram whole, Histogram interval, Histogram measured) {
        if (encoded != null) {
            Histogram h = Histograms.decode(encoded);
            whole.add(h);
            interval.add(h);
            if (measured != null) {
                measured.add(h);
            }
        }
    }

    /** The warm-up is over: from now on stats also count into the measured histograms. */
    synchronized void startMeasuring() {
        measuring = true;
    }

    /** Waits until {@code count} distinct workers reported ready; returns false on timeout or a failed worker. */
    synchronized boolean awaitWorkersReady(int count, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (readyWorkers.size() < count) {
            if (failure != null) {
                return false;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** The first {@code worker-failed} event, or null: a worker the manager gave up on ends the run. */
    synchronized Event failure() {
        return failure;
    }

    synchronized void processStarted(boolean restart) {
        started++;
        if (restart) {
            restarted++;
            workersRunning = 0; // the dead manager's workers exit with it
        }
    }

    synchronized void processCrashed() {
        crashed++;
    }

    synchronized long acked() {
        return byWorker.values().stream().mapToLong(v -> v[0]).sum();
    }

    synchronized long failed() {
        return byWorker.values().stream().mapToLong(v -> v[1]).sum();
    }

    /** Worker {@code workerId}'s JVM if it runs now. */
    synchronized java.util.Optional<ProcessHandle> workerProcess(int workerId) {
        return java.util.Optional.ofNullable(workerById.get(workerId)).filter(ProcessHandle::isAlive);
    }

    /** The worker id of each live worker JVM, and how often that id was restarted: the dashboard's table. */
    synchronized Map<Long, int[]> workersByPid() {
        Map<Long, int[]> byPid = new HashMap<>();
        workerById.forEach((id, h) -> byPid.put(h.pid(), new int[] {id, restartsByWorker.getOrDefault(id, 0)}));
        return byPid;
    }

    synchronized java.util.List<ProcessHandle> workerProcesses() {
        return java.util.List.copyOf(workerProcesses);
    }

    synchronized int workersRunning() {
        return workersRunning;
    }

    synchronized int devices() {
        return devicesByWorker.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized ProcessCounts processes() {
        return new ProcessCounts(started, restarted, crashed);
    }

    /** Acknowledgement latency after the warm-up. */
    synchronized LatencyMs ackLatency() {
        return LatencyMs.of(ackLatencyUsMeasured);
    }

    /** Send lag after the warm-up. */
    synchronized LatencyMs sendLag() {
        return LatencyMs.of(sendLagUsMeasured);
    }

    synchronized LatencyMs ackLatencyAllRun() {
        return LatencyMs.of(ackLatencyUs);
    }

    synchronized LatencyMs sendLagAllRun() {
        return LatencyMs.of(sendLagUs);
    }

    /** Percentiles of the events since the last call, then starts a new interval. */
    synchronized LatencyMs[] takeIntervalLatencies() {
        LatencyMs[] result = {LatencyMs.of(ackLatencyUsInterval), LatencyMs.of(sendLagUsInterval)};
        ackLatencyUsInterval.reset();
        sendLagUsInterval.reset();
        return result;
    }

    /** {@code summary.json}'s processes: every start (restarts included), restarts, unexpected exits. */
    public record ProcessCounts(int started, int restarted, int crashed) {
    }
}
