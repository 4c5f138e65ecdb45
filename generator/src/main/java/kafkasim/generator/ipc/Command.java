package kafkasim.generator.ipc;

import com.fasterxml.jackson.annotation.JsonInclude;
import kafkasim.generator.plan.LogTarget;
import kafkasim.generator.plan.TransportConfig;
import kafkasim.generator.plan.WorkerSpec;

/**
 * A command line on a child's stdin. Orchestrator → manager: {@code reload}, {@code stop}. Manager → worker:
 * {@code apply} (first line after start, and on every config change: the worker adopts {@code spec} without
 * restarting) and {@code stop} (flush and exit).
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
