package kafkasim.generator.manager;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kafkasim.generator.ipc.Command;
import kafkasim.generator.ipc.Event;
import kafkasim.generator.ipc.JsonLines;
import kafkasim.generator.logging.SimLog;
import kafkasim.generator.plan.GeneratorConfig;
import kafkasim.generator.plan.WorkerSpec;
import kafkasim.common.process.ChildJvm;
import kafkasim.generator.worker.WorkerMain;

/**
 * Keeps one worker process alive: starts it, sends it its spec, forwards its events, and restarts it after a
 * crash with exponential backoff. All state changes run on the manager's single command thread ({@code verbs}).
 */
final class WorkerSupervisor {
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A worker that ran this long is healthy again: the next crash starts the backoff from the beginning. */
    static final Duration STABLE_AFTER = Duration.ofSeconds(60);

    enum State { RUNNING, BACKOFF, STOPPING, STOPPED }

    private final int id;
    private final Path runDir;
    private final ScheduledExecutorService verbs;
    private final JsonLines up;
    private final SimLog log;
    private final String javaOpts;
    private GeneratorConfig config;
    private WorkerSpec spec;
    private Process process;
    private JsonLines down;
    private State state = State.STOPPED;
    private int consecutiveCrashes;
    private long startedAtNanos;
    private boolean everStarted;

    WorkerSupervisor(WorkerSpec spec, GeneratorConfig config, Path runDir, ScheduledExecutorService verbs,
                     JsonLines up, SimLog log, String javaOpts) {
        this.id = spec.id();
        this.spec = spec;
        this.config = config;
        this.runDir = runDir;
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
                .stderr(ProcessBuilder.Redirect.appendTo(runDir.resolve("logs").resolve("worker-" + id + ".stderr")
                        .toFile()))
                .jvmArgs(javaOpts);
        try {
            process = jvm.start();
        } catch (IOException e) {
            log.error("lifecycle", "cannot start worker " + id + ": " + e.getMessage(), Map.of());
            scheduleRestart(-1);
            return;
        }
        boolean restart = everStarted;
        everStarted = true;
        state = State.RUNNING;
        startedAtNanos = System.nanoTime();
        down = new JsonLines(process.getOutputStream());
        down.send(applyCommand());
        Process p = process;
        Thread reader = new Thread(() -> forwardEvents(p), "worker-" + id + "-events");
        reader.setDaemon(true);
        reader.start();
        p.onExit().thenAccept(done -> verbs.execute(() -> exited(done)));
        up.send(Event.workerStarted(id, p.pid(), restart));
        log.info("lifecycle", (restart ? "restarted" : "started") + " worker " + id,
                Map.of("workerId", id, "pid", p.pid(), "devices", spec.deviceCount()));
    }

    /** Adopts a changed spec: sent to the running worker, which applies it without restarting. */
    void update(WorkerSpec newSpec, GeneratorConfig newConfig) {
        boolean restartNeeded = !newConfig.transport().equals(config.transport())
                || !java.util.Objects.equals(newConfig.logTopic(), config.logTopic());
        boolean changed = !newSpec.equals(spec);
        this.spec = newSpec;
        this.config = newConfig;
        if (state != State.RUNNING) {
            return; // the next start uses the new spec
        }
        if (restartNeeded) {
            log.info("config", "transport changed: restarting worker " + id, Map.of("workerId", id));
            state = State.STOPPING;
            down.send(Command.of(Command.STOP));
            process.onExit().thenAccept(done -> verbs.execute(this::start));
        } else if (changed) {
            down.send(applyCommand());
        }
    }

    /** Asks the worker to flush and exit. */
    void stop() {
        if (state == State.RUNNING) {
            state = State.STOPPING;
            down.send(Command.of(Command.STOP));
        } else if (state == State.BACKOFF) {
            state = State.STOPPED;
        }
    }

    /** The worker's process, if one is running. */
    java.util.Optional<Process> process() {
        return state == State.RUNNING || state == State.STOPPING ? java.util.Optional.ofNullable(process)
                : java.util.Optional.empty();
    }

    private void exited(Process done) {
        if (done != process) {
            return; // an earlier incarnation
        }
        int code = done.exitValue();
        if (state == State.STOPPING) {
            state = State.STOPPED;
            up.send(Event.workerExited(id, code, true, 0));
            return;
        }
        if (state == State.STOPPED) {
            return;
        }
        scheduleRestart(code);
    }

    private void scheduleRestart(int exitCode) {
        if (Duration.ofNanos(System.nanoTime() - startedAtNanos).compareTo(STABLE_AFTER) > 0) {
            consecutiveCrashes = 0;
        }
        long backoffMs = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(consecutiveCrashes, 10));
        consecutiveCrashes++;
        state = State.BACKOFF;
        up.send(Event.workerExited(id, exitCode, false, backoffMs));
        log.warn("lifecycle", "worker " + id + " crashed, restarting", Map.of("workerId", id, "exitCode", exitCode,
                "backoffMs", backoffMs));
        verbs.schedule(() -> {
            if (state == State.BACKOFF) {
                start();
            }
        }, backoffMs, TimeUnit.MILLISECONDS);
    }

    private Command applyCommand() {
        return Command.apply(spec, config.transport(), config.logTopic(), config.statsIntervalMs());
    }

    private void forwardEvents(Process p) {
        try {
            JsonLines.readAll(p.getInputStream(), Event.class, e -> up.send(e.withWorkerId(id)),
                    bad -> log.warn("ipc", "bad line from worker " + id, Map.of("line", bad)));
        } catch (IOException e) {
            // the worker is gone; its exit is handled by onExit
        }
    }
}
