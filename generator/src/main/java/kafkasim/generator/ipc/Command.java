package kafkasim.generator.ipc;

import com.fasterxml.jackson.annotation.JsonInclude;
import kafkasim.generator.plan.LogTarget;
import kafkasim.generator.plan.TransportConfig;
import kafkasim.generator.plan.WorkerSpec;

/**
 * A command line on a child's stdin.
 * <p>Orchestrator → manager:
 * <ul>
 * <li>{@code reload}: re-read the config file now and apply what changed;</li>
 * <li>{@code pause}: every worker stops sending (devices stay connected, producers open, stats go on at zero
 *     rate); workers started while paused (a restart, a reload's new worker, a reset) start paused;</li>
 * <li>{@code resume}: every worker sends again from now on: what would have been due while paused is never sent,
 *     each device keeps its phase and continues its seqs without a gap or a repeat;</li>
 * <li>{@code reset}: stop every worker as {@code stop} does (each flushes and exits), re-read the config file
 *     (a rejected one is reported as {@code config} "rejected: …" and the running config used), start a fresh set
 *     of workers from it, then report {@code reset}; the manager keeps running, the pause state too, and every
 *     device continues its seqs from the state files (a new device starts at 0);</li>
 * <li>{@code stop}: stop every worker (each flushes), then the manager exits; at any time, also during a reset
 *     (which then starts no new workers) and while paused.</li>
 * </ul>
 * Manager → worker: {@code apply} (first line after start, and on every config change: the worker adopts
 * {@code spec} without restarting), {@code pause} (right after the first {@code apply} of a worker started while
 * paused), {@code resume} and {@code stop} (flush and exit).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Command(String cmd, WorkerSpec spec, TransportConfig transport, LogTarget log,
                      Integer statsIntervalMs) {
    public static final String APPLY = "apply";
    public static final String RELOAD = "reload";
    public static final String STOP = "stop";
    public static final String PAUSE = "pause";
    public static final String RESUME = "resume";
    public static final String RESET = "reset";

    public static Command of(String cmd) {
        return new Command(cmd, null, null, null, null);
    }

    public static Command apply(WorkerSpec spec, TransportConfig transport, LogTarget log, int statsIntervalMs) {
        return new Command(APPLY, spec, transport, log, statsIntervalMs);
    }
}
