package kafkasim.simulation.faults;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import kafkasim.common.scenario.Fault;
import kafkasim.common.scenario.ScenarioLoader;

/**
 * Applies a run's faults: the scenario's at their {@code atSec} after the clock started, and the ones typed at the
 * prompt ({@code kill-broker 1}) at once; undoes the lasting ones after their {@code forSec} (a killed broker is
 * started again, a paused one continued, a stopped database started). Every fault is printed when it happens and
 * when it ends, and kept as an {@link AppliedFault} for the summary. A fault that cannot be applied (no such
 * worker, an external broker) is reported, never fatal: the run goes on and the summary says so.
 */
public final class FaultInjector implements AutoCloseable {
    /** A paused process's guard continues it this long after its pause should have ended, in any case. */
    static final int PAUSE_GUARD_EXTRA_SEC = 5;
    private final FaultTargets targets;
    private final int durationSec;
    private final PrintStream out;
    // a broker or database restart takes seconds (a killed Kafka broker ~14 s here): enough threads that a fault
    // scheduled meanwhile is not held up
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(4, r -> {
        Thread t = new Thread(r, "faults");
        t.setDaemon(true);
        return t;
    });
    private final List<AppliedFault> faults = new ArrayList<>();
    /** Lasting faults in force, by the component they hold down: what undoes each. */
    private final Map<String, Undo> inForce = new LinkedHashMap<>();
    private volatile long clockStartNanos = -1;
    private volatile boolean closed;

    private record Undo(int index, Runnable action) {
    }

    public FaultInjector(FaultTargets targets, int durationSec, PrintStream out) {
        timer.setRemoveOnCancelPolicy(true);
        this.targets = targets;
        this.durationSec = durationSec;
        this.out = out;
    }

    /** Schedules the scenario's faults relative to the run's clock start ({@code System.nanoTime()}). */
    public void start(List<Fault> scheduled, long clockStartNanos) {
        this.clockStartNanos = clockStartNanos;
        for (Fault f : scheduled) {
            long delayNanos = clockStartNanos + f.atSec() * 1_000_000_000L - System.nanoTime();
            timer.schedule(() -> apply(f, false), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        }
    }

    /** True if {@code line} starts with a fault action (so the prompt hands it here). */
    public static boolean isFaultCommand(String line) {
        String word = line.trim().split("\\s+", 2)[0];
        return Fault.ACTIONS.contains(word);
    }

    /**
     * A fault typed at the prompt: {@code ACTION [TARGET] [FOR_SEC]}, and for {@code net-delay} then
     * {@code [DELAY_MS [JITTER_MS]]}. Checked like a scenario's fault (it must be over before the generator stops);
     * applied at once. Returns what the prompt answers.
     */
    public String typed(String line) {
        if (clockStartNanos < 0) {
            return "faults can be typed once the run's clock started";
        }
        String[] words = line.trim().split("\\s+");
        if (Fault.NET_DELAY.equals(words[0]) && words.length > 3) {
            return typedDelay(words);
        }
        if (words.length > 3) {
            return "usage: ACTION [TARGET] [FOR_SEC], e.g. kill-broker 1 10; net-delay TARGET FOR_SEC [DELAY_MS"
                    + " [JITTER_MS]]";
        }
        int atSec = atSecNow();
        String action = words[0];
        String target = null;
        Integer forSec = null;
        if (words.length == 3 || words.length == 2 && Fault.hasTarget(action)) {
            target = words[1];
        }
        String last = words[words.length - 1];
        if (words.length == 3 || words.length == 2 && !Fault.hasTarget(action)) {
            try {
                forSec = Integer.valueOf(last);
            } catch (NumberFormatException e) {
                return "not applied: FOR_SEC must be a whole number of seconds, got \"" + last + "\"";
            }
        }
        return applyTyped(new Fault(atSec, action, target, forSec));
    }

    /** {@code net-delay TARGET FOR_SEC DELAY_MS [JITTER_MS]}. */
    private String typedDelay(String[] words) {
        if (words.length > 5) {
            return "usage: net-delay TARGET FOR_SEC [DELAY_MS [JITTER_MS]], e.g. net-delay 1 10 200 50";
        }
        Integer[] numbers = new Integer[3];
        String[] names = {"FOR_SEC", "DELAY_MS", "JITTER_MS"};
        for (int i = 2; i < words.length; i++) {
            try {
                numbers[i - 2] = Integer.valueOf(words[i]);
            } catch (NumberFormatException e) {
                return "not applied: " + names[i - 2] + " must be a whole number, got \"" + words[i] + "\"";
            }
        }
        return applyTyped(new Fault(atSecNow(), words[0], words[1], numbers[0], numbers[1], numbers[2]));
    }

    private int atSecNow() {
        return (int) ((System.nanoTime() - clockStartNanos) / 1_000_000_000L);
    }

    private String applyTyped(Fault f) {
        List<String> problems = ScenarioLoader.faultProblems("typed fault", f, durationSec);
        if (!problems.isEmpty()) {
            return "not applied: " + String.join("; ", problems);
        }
        timer.execute(() -> apply(f.withDefaults(), true));
        return "applying " + f.withDefaults().describe();
    }

    /** The faults in force now, e.g. {@code "kill-broker 1"}, for the progress line; "" if none. */
    public synchronized String inForce() {
        return String.join(", ", inForce.values().stream().map(u -> faults.get(u.index()).label()).toList());
    }

    /** Every fault applied so far, in the order they happened. */
    public synchronized List<AppliedFault> applied() {
        return List.copyOf(faults);
    }

    private void apply(Fault f, boolean typed) {
        if (closed) {
            return;
        }
        long nowMs = System.currentTimeMillis();
        int index;
        String component = f.heldDown();
        synchronized (this) {
            index = faults.size();
            faults.add(new AppliedFault(f.atSec(), f.action(), f.target(), f.forSec(), typed, null, null, null, nowMs,
                    nowMs, null, null));
            if (component != null && inForce.containsKey(component)) {
                fail(index, component + " is already down (" + faults.get(inForce.get(component).index()).label()
                        + ")", nowMs);
                return;
            }
        }
        try {
            String applied = switch (f.action()) {
                case Fault.KILL_WORKER -> targets.killWorker(Integer.parseInt(f.target()));
                case Fault.KILL_MANAGER -> targets.killManager();
                case Fault.KILL_TASKMANAGER -> targets.killTaskManager(Integer.parseInt(f.target()));
                case Fault.KILL_JOBMANAGER -> targets.killJobManager();
                case Fault.KILL_BROKER -> {
                    String what = targets.killBroker(node(f));
                    scheduleUndo(f, index, component, () -> targets.restartBroker(node(f)));
                    yield what;
                }
                case Fault.PAUSE_BROKER -> {
                    long pid = targets.brokerPid(node(f));
                    Process guard = ProcessSignals.stop(pid, f.forSec() + PAUSE_GUARD_EXTRA_SEC);
                    scheduleUndo(f, index, component, () -> {
                        ProcessSignals.resume(pid, guard);
                        return "SIGCONT to broker " + f.target() + " (pid " + pid + ")";
                    });
                    yield "SIGSTOP to broker " + f.target() + " (pid " + pid + ", state "
                            + ProcessSignals.state(pid) + ")";
                }
                case Fault.NET_DELAY, Fault.NET_LOSS, Fault.NET_PARTITION -> {
                    String what = targets.breakNetwork(node(f), f);
                    scheduleUndo(f, index, component, () -> targets.healNetwork(node(f)));
                    yield what;
                }
                case Fault.STOP_DATABASE -> {
                    String what = targets.stopDatabase();
                    scheduleUndo(f, index, component, targets::startDatabase);
                    yield what;
                }
                default -> throw new FaultTargets.FaultException("unknown action " + f.action());
            };
            synchronized (this) {
                AppliedFault a = faults.get(index);
                faults.set(index, new AppliedFault(a.atSec(), a.action(), a.target(), a.forSec(), typed, applied, null,
                        null, a.appliedAtMs(), a.endedAtMs(), null, null));
            }
            out.printf("fault at %d s: %s: %s%n", f.atSec(), f.describe(), applied);
        } catch (RuntimeException e) {
            synchronized (this) {
                inForce.remove(component);
                fail(index, e.getMessage(), System.currentTimeMillis());
            }
        }
    }

    /** Registers what undoes a lasting fault and schedules it {@code forSec} from now. */
    private void scheduleUndo(Fault f, int index, String component, Supplier<String> undo) {
        Runnable action = () -> {
            synchronized (this) {
                if (inForce.remove(component) == null) {
                    return; // undone already (by close())
                }
            }
            long t0 = System.nanoTime();
            try {
                String how = undo.get();
                synchronized (this) {
                    faults.set(index, faults.get(index).undone(how, System.currentTimeMillis()));
                }
                out.printf("fault over: %s: %s (%.1f s)%n", faults.get(index).label(), how,
                        (System.nanoTime() - t0) / 1e9);
            } catch (RuntimeException e) {
                synchronized (this) {
                    faults.set(index, faults.get(index).failed("could not undo: " + e.getMessage(),
                            System.currentTimeMillis()));
                }
                out.printf("fault %s could not be undone: %s%n", faults.get(index).label(), e.getMessage());
            }
        };
        synchronized (this) {
            inForce.put(component, new Undo(index, action));
        }
        timer.schedule(action, f.forSec(), TimeUnit.SECONDS);
    }

    private void fail(int index, String why, long atMs) {
        AppliedFault a = faults.get(index);
        faults.set(index, a.failed(why, atMs));
        out.printf("fault at %d s: %s could not be applied: %s%n", a.atSec(), a.label(), why);
    }

    private static int node(Fault f) {
        return Integer.parseInt(f.target());
    }


    /**
     * Cancels the faults not applied yet and undoes the ones in force (the run ended early), so the paths can drain.
     */
    @Override
    public void close() {
        closed = true;
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // cancels what is not due yet
        timer.shutdown();
        List<Undo> undo;
        synchronized (this) {
            undo = new ArrayList<>(inForce.values());
        }
        undo.forEach(u -> u.action().run());
        try {
            timer.awaitTermination(70, TimeUnit.SECONDS); // an undo in progress (a broker restart) finishes first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
