package kafkasim.generator.manager;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kafkasim.common.process.ChildJvm;
import kafkasim.generator.ipc.Command;
import kafkasim.generator.ipc.Event;
import kafkasim.generator.ipc.JsonLines;
import kafkasim.generator.logging.SimLog;
import kafkasim.generator.plan.GeneratorConfig;
import kafkasim.generator.plan.WorkerSpec;
import kafkasim.generator.worker.WorkerMain;

/**
 * Keeps one worker process alive: starts it, sends it its spec, forwards its events, and restarts it after a
 * crash as {@link RestartPolicy} decides, or gives it up ({@code worker-failed}) when it cannot even start. All
 * state changes run on the manager's single command thread ({@code verbs}).
 */
final class WorkerSupervisor {
    enum State { RUNNING, BACKOFF, STOPPING, STOPPED, FAILED }

    /** One start of the worker process; its reader thread fills in what the worker reported. */
    private static final class Incarnation {
        final Process process;
        final long startedAtNanos = System.nanoTime();
        final long stderrOffset;
        final CompletableFuture<Void> exitHandled = new CompletableFuture<>();
        volatile boolean ready;
        volatile String error;

        Incarnation(Process process, long stderrOffset) {
            this.process = process;
            this.stderrOffset = stderrOffset;
        }
    }

    private final int id;
    private final Path runDir;
    private final Path stderrFile;
    private final ScheduledExecutorService verbs;
    private final JsonLines up;
    private final SimLog log;
    private final String javaOpts;
    private final RestartPolicy restarts = new RestartPolicy();
    private GeneratorConfig config;
    private WorkerSpec spec;
    private Incarnation current;
    private JsonLines down;
    private State state = State.STOPPED;
    private boolean restartAfterStop;
    private boolean everStarted;
    /** The manager's pause state: every start of this worker gets it right after its first apply. */
    private boolean paused;

    WorkerSupervisor(WorkerSpec spec, GeneratorConfig config, boolean paused, Path runDir,
                     ScheduledExecutorService verbs, JsonLines up, SimLog log, String javaOpts) {
        this.id = spec.id();
        this.spec = spec;
        this.config = config;
        this.paused = paused;
        this.runDir = runDir;
        this.stderrFile = runDir.resolve("logs").resolve("worker-" + id + ".stderr");
        this.verbs = verbs;
        this.up = up;
        this.log = log;
        this.javaOpts = javaOpts;
    }

    State state() {
        return state;
    }

    void start() {
        ChildJvm jvm = ChildJvm.of(WorkerMain.class).arg(Integer.toString(id)).arg(runDir.toString())
                .stderr(ProcessBuilder.Redirect.appendTo(stderrFile.toFile()))
                .jvmArgs(javaOpts);
        long stderrOffset = StderrTail.offset(stderrFile);
        Process p;
        try {
            p = jvm.start();
        } catch (IOException e) {
            log.error("lifecycle", "cannot start worker " + id + ": " + e.getMessage(), Map.of());
            crashed(-1, false, Duration.ZERO, "cannot start a JVM: " + e.getMessage());
            return;
        }
        boolean restart = everStarted;
        everStarted = true;
        state = State.RUNNING;
        Incarnation incarnation = new Incarnation(p, stderrOffset);
        current = incarnation;
        down = new JsonLines(p.getOutputStream());
        down.send(applyCommand());
        if (paused) {
            down.send(Command.of(Command.PAUSE));
        }
        Thread reader = new Thread(() -> followUntilExit(incarnation), "worker-" + id + "-events");
        reader.setDaemon(true);
        reader.start();
        up.send(Event.workerStarted(id, p.pid(), restart));
        log.info("lifecycle", (restart ? "restarted" : "started") + " worker " + id,
                Map.of("workerId", id, "pid", p.pid(), "devices", spec.deviceCount()));
    }

    /** Adopts a changed spec: sent to the running worker, which applies it without restarting. */
    void update(WorkerSpec newSpec, GeneratorConfig newConfig) {
        boolean restartNeeded = !newConfig.transport().equals(config.transport())
                || !Objects.equals(newConfig.log(), config.log());
        boolean changed = !newSpec.equals(spec);
        this.spec = newSpec;
        this.config = newConfig;
        if (state != State.RUNNING) {
            return; // the next start uses the new spec
        }
        if (restartNeeded) {
            log.info("config", "transport changed: restarting worker " + id, Map.of("workerId", id));
            state = State.STOPPING;
            restartAfterStop = true;
            down.send(Command.of(Command.STOP));
        } else if (changed) {
            down.send(applyCommand());
        }
    }

    /** Pauses or resumes the running worker; a later start of it (after a crash, a restart) starts that way. */
    void setPaused(boolean pause) {
        paused = pause;
        if (state == State.RUNNING) {
            down.send(Command.of(pause ? Command.PAUSE : Command.RESUME));
        }
    }

    /** Asks the worker to flush and exit. */
    void stop() {
        restartAfterStop = false;
        if (state == State.RUNNING) {
            state = State.STOPPING;
            down.send(Command.of(Command.STOP));
        } else if (state == State.BACKOFF) {
            state = State.STOPPED;
        }
    }

    /** The worker's process, if one is running. */
    Optional<Process> process() {
        return (state == State.RUNNING || state == State.STOPPING) && current != null
                ? Optional.of(current.process) : Optional.empty();
    }

    /** Completes once the running worker's exit has been handled and reported (at once if none runs). */
    CompletableFuture<Void> exitHandled() {
        return process().isPresent() ? current.exitHandled : CompletableFuture.completedFuture(null);
    }

    /**
     * Forwards the worker's events until its stdout closes, then reports its exit: so the exit is handled after
     * everything the worker said, its last error included.
     */
    private void followUntilExit(Incarnation incarnation) {
        try {
            JsonLines.readAll(incarnation.process.getInputStream(), Event.class, e -> {
                switch (e.event()) {
                    case Event.FAILED -> incarnation.error = e.message(); // goes up with worker-exited
                    case Event.READY -> {
                        incarnation.ready = true;
                        up.send(e.withWorkerId(id));
                    }
                    default -> up.send(e.withWorkerId(id));
                }
            }, bad -> log.warn("ipc", "bad line from worker " + id, Map.of("line", bad)));
        } catch (IOException e) {
            // the worker is gone
        }
        incarnation.process.onExit().thenRun(() -> verbs.execute(() -> exited(incarnation)));
    }

    private void exited(Incarnation incarnation) {
        try {
            handleExit(incarnation);
        } finally {
            incarnation.exitHandled.complete(null);
        }
    }

    private void handleExit(Incarnation incarnation) {
        if (incarnation != current) {
            return; // an earlier incarnation
        }
        int code = incarnation.process.exitValue();
        if (state == State.STOPPING) {
            state = State.STOPPED;
            up.send(Event.workerExited(id, code, true, null, incarnation.error));
            if (restartAfterStop) {
                restartAfterStop = false;
                start();
            }
            return;
        }
        if (state != State.RUNNING) {
            return;
        }
        // a worker that died before it could say why (its JVM did not start) has it in its stderr; after ready,
        // an unreported exit is a kill, and library warnings there would only mislead
        String error = incarnation.error != null ? incarnation.error
                : incarnation.ready ? null : StderrTail.since(stderrFile, incarnation.stderrOffset);
        crashed(code, incarnation.ready, Duration.ofNanos(System.nanoTime() - incarnation.startedAtNanos), error);
    }

    private void crashed(int exitCode, boolean everReady, Duration uptime, String error) {
        RestartPolicy.Decision d = restarts.onCrash(everReady, uptime);
        if (d.giveUp()) {
            state = State.FAILED;
            String why = "crashed " + d.earlyCrashesInARow() + " times in a row within "
                    + RestartPolicy.EARLY_CRASH_WINDOW.toSeconds() + " s of starting, never ready; last error: "
                    + (error == null ? "none reported (exit code " + exitCode + ", see " + stderrFile + ")" : error);
            up.send(Event.workerExited(id, exitCode, false, null, error));
            up.send(Event.workerFailed(id, exitCode, why));
            log.error("lifecycle", "worker " + id + " given up: " + why, Map.of("workerId", id, "exitCode", exitCode));
            return;
        }
        state = State.BACKOFF;
        up.send(Event.workerExited(id, exitCode, false, d.restartInMs(), error));
        log.warn("lifecycle", "worker " + id + " crashed, restarting", Map.of("workerId", id, "exitCode", exitCode,
                "backoffMs", d.restartInMs(), "error", String.valueOf(error)));
        verbs.schedule(() -> {
            if (state == State.BACKOFF) {
                start();
            }
        }, d.restartInMs(), TimeUnit.MILLISECONDS);
    }

    private Command applyCommand() {
        return Command.apply(spec, config.transport(), config.log(), config.statsIntervalMs());
    }
}
