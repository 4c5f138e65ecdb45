package kafkasim.common.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One scheduled failure of a scenario's {@code faults}, or one typed at the run's prompt.
 *
 * @param atSec  when it happens, seconds after the run's clock started (every worker sending)
 * @param action what happens: one of {@link #ACTIONS}
 * @param target which one: a worker id ({@code kill-worker}, from 0), a broker's node id ({@code *-broker} and
 *               {@code net-*}, from 1), a TaskManager among those running at that moment ({@code kill-taskmanager}, from 0); none for
 *               {@code kill-manager}, {@code kill-jobmanager} and {@code stop-database}. Default: the first.
 * @param forSec how long the failure lasts before kafkasim undoes it: a killed broker is started again, a paused
 *               broker continued, a stopped database started, the network to a broker healed ({@code kill-broker},
 *               {@code pause-broker}, {@code stop-database}, {@code net-*}; default {@value #DEFAULT_FOR_SEC}). A
 *               killed worker, manager, TaskManager or JobManager is restarted by its supervisor at once, as in
 *               production (kafkasim is the JobManager's: it starts a new one and resubmits the jobs from their
 *               latest checkpoints).
 * @param delayMs  {@code net-delay} only: how long every chunk of bytes is held in each direction (default
 *                 {@value #DEFAULT_DELAY_MS}; a request and its answer gain twice that)
 * @param jitterMs {@code net-delay} only: a uniform random 0..jitterMs added to each chunk's delay (default 0)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Fault(Integer atSec, String action, String target, Integer forSec, Integer delayMs, Integer jitterMs) {
    public static final String KILL_WORKER = "kill-worker";
    public static final String KILL_MANAGER = "kill-manager";
    public static final String KILL_TASKMANAGER = "kill-taskmanager";
    public static final String KILL_JOBMANAGER = "kill-jobmanager";
    public static final String KILL_BROKER = "kill-broker";
    public static final String PAUSE_BROKER = "pause-broker";
    public static final String STOP_DATABASE = "stop-database";
    /** Every chunk of bytes between the broker and its clients is held {@code delayMs} (+ jitter). */
    public static final String NET_DELAY = "net-delay";
    /** Every connection between the broker and its clients is reset, and new ones refused. */
    public static final String NET_LOSS = "net-loss";
    /** Nothing passes between the broker and its clients (a blackhole): connections stall, then resume. */
    public static final String NET_PARTITION = "net-partition";
    public static final List<String> ACTIONS = List.of(KILL_WORKER, KILL_MANAGER, KILL_TASKMANAGER, KILL_JOBMANAGER,
            KILL_BROKER, PAUSE_BROKER, STOP_DATABASE, NET_DELAY, NET_LOSS, NET_PARTITION);
    public static final int DEFAULT_FOR_SEC = 10;
    public static final int DEFAULT_DELAY_MS = 200;

    public Fault(Integer atSec, String action, String target, Integer forSec) {
        this(atSec, action, target, forSec, null, null);
    }

    /**
     * This fault with its defaults: the first target, {@link #DEFAULT_FOR_SEC} for a fault that lasts, and for
     * {@code net-delay} {@link #DEFAULT_DELAY_MS} without jitter.
     */
    public Fault withDefaults() {
        boolean delay = NET_DELAY.equals(action);
        return new Fault(atSec, action, target != null ? target : defaultTarget(action),
                forSec != null || !lasts(action) ? forSec : Integer.valueOf(DEFAULT_FOR_SEC),
                delayMs != null || !delay ? delayMs : Integer.valueOf(DEFAULT_DELAY_MS),
                jitterMs != null || !delay ? jitterMs : Integer.valueOf(0));
    }

    /** True for the actions that kafkasim undoes after {@code forSec}. */
    public static boolean lasts(String action) {
        return KILL_BROKER.equals(action) || PAUSE_BROKER.equals(action) || STOP_DATABASE.equals(action)
                || onNetwork(action);
    }

    /** True for the faults that act on the network between a broker and its clients ({@code net-*}). */
    public static boolean onNetwork(String action) {
        return NET_DELAY.equals(action) || NET_LOSS.equals(action) || NET_PARTITION.equals(action);
    }

    /** True for the faults whose target is a broker's node id: on its process or on the network to it. */
    public static boolean targetsBroker(String action) {
        return onBroker(action) || onNetwork(action);
    }

    /** True for the faults that act on a broker ({@code kill-broker}, {@code pause-broker}). */
    public static boolean onBroker(String action) {
        return KILL_BROKER.equals(action) || PAUSE_BROKER.equals(action);
    }

    /**
     * What this lasting fault holds down while it lasts ({@code broker 1}, {@code the database}), so that two of
     * them on one part can be told apart from two on different parts; null for the faults that do not last. Call
     * on a fault with its defaults.
     */
    public String heldDown() {
        if (onBroker(action)) {
            return "broker " + target;
        }
        if (onNetwork(action)) {
            return "the network to broker " + target; // a kill-broker may happen meanwhile: another part
        }
        return STOP_DATABASE.equals(action) ? "the database" : null;
    }

    /** True for the actions that take a target. */
    public static boolean hasTarget(String action) {
        return !KILL_MANAGER.equals(action) && !KILL_JOBMANAGER.equals(action) && !STOP_DATABASE.equals(action);
    }

    private static String defaultTarget(String action) {
        if (!hasTarget(action)) {
            return null;
        }
        return targetsBroker(action) ? "1" : "0";
    }

    /** When the failure is undone, seconds after the clock started ({@code atSec} for a fault that does not last). */
    public int endSec() {
        return atSec + (forSec == null ? 0 : forSec);
    }

    /** How it reads in a progress line: {@code kill-broker 1 for 10 s}, {@code net-delay 1 for 10 s (200±50 ms)}. */
    public String describe() {
        return action + (target == null ? "" : " " + target) + (forSec == null ? "" : " for " + forSec + " s")
                + (delayMs == null ? "" : " (" + delayMs + (jitterMs == null || jitterMs == 0 ? "" : "±" + jitterMs)
                + " ms)");
    }
}
