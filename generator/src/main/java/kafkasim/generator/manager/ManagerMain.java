package kafkasim.generator.manager;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kafkasim.common.process.JitPolicy;
import kafkasim.common.scenario.ScenarioException;
import kafkasim.generator.ipc.Command;
import kafkasim.generator.ipc.Event;
import kafkasim.generator.ipc.JsonLines;
import kafkasim.generator.logging.LogConfig;
import kafkasim.generator.logging.SimLog;
import kafkasim.generator.plan.GeneratorConfig;
import kafkasim.generator.plan.GeneratorConfigFile;
import kafkasim.generator.plan.WorkerSpec;
import kafkasim.common.process.ParentWatch;

/**
 * The producer worker manager process: runs the workers its config file describes, re-reads that file every
 * {@code reloadSec} and on the IPC command {@code reload}, and applies changes without restarting the run; pauses
 * and resumes every worker ({@code pause}, {@code resume}) and replaces them all by a fresh set from the file
 * ({@code reset}), see {@link Command}. Every state change runs on one thread ({@link #verbs}); worker failures
 * never reach it as exceptions.
 * <p>Arguments: {@code RUN_DIR CONFIG_FILE RELOAD_SEC INCARNATION}. Environment: {@code KAFKASIM_WORKER_JAVA_OPTS}.
 */
public final class ManagerMain {
    static final long STOP_TIMEOUT_MS = 40_000;
    /** How long a reset waits for the exits of workers it had to kill before it starts their successors. */
    static final long KILLED_EXIT_WAIT_MS = 5_000;
    static final String DEFAULT_WORKER_JAVA_OPTS = "-Xms64m -Xmx512m -XX:+UseParallelGC";

    /**
     * The JVM flags of every worker: {@code KAFKASIM_WORKER_JAVA_OPTS}, else the default with this host's
     * {@link JitPolicy}.
     */
    public static String workerJavaOpts() {
        String given = System.getenv("KAFKASIM_WORKER_JAVA_OPTS");
        return given != null ? given
                : String.join(" ", DEFAULT_WORKER_JAVA_OPTS, String.join(" ", JitPolicy.forThisHost())).strip();
    }

    private final Path runDir;
    private final Path configFile;
    private final JsonLines up;
    private final SimLog log;
    private final ScheduledExecutorService verbs = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "manager-verbs");
        t.setDaemon(true);
        return t;
    });
    private final Map<Integer, WorkerSupervisor> workers = new LinkedHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final String workerJavaOpts;
    private GeneratorConfig config;
    private boolean stopping;
    private boolean paused;
    /** From a reset's stop of the workers to the start of their successors: no reload meanwhile. */
    private boolean resetting;

    ManagerMain(Path runDir, Path configFile, JsonLines up, SimLog log, String workerJavaOpts) {
        this.runDir = runDir;
        this.configFile = configFile;
        this.up = up;
        this.log = log;
        this.workerJavaOpts = workerJavaOpts;
    }

    public static void main(String[] args) throws Exception {
        ParentWatch.start(3);
        PrintStream ipcOut = System.out;
        System.setOut(System.err);
        Path runDir = Path.of(args[0]);
        Path configFile = Path.of(args[1]);
        int reloadSec = Integer.parseInt(args[2]);
        String incarnation = args[3];
        JsonLines up = new JsonLines(ipcOut);
        GeneratorConfig initial;
        try {
            initial = GeneratorConfigFile.read(configFile);
        } catch (ScenarioException e) {
            up.send(Event.message(Event.CONFIG, "rejected: " + e.getMessage()));
            System.exit(2);
            return;
        }
        LogConfig logConfig = LogConfig.of("manager", incarnation, runDir.resolve("logs"));
        if (initial.log() != null) {
            logConfig = logConfig.withKafka(initial.log().bootstrap(), initial.log().topic(),
                    initial.log().security());
        }
        SimLog log = SimLog.open(logConfig);
        log.installCrashHandler();
        ManagerMain manager = new ManagerMain(runDir, configFile, up, log, workerJavaOpts());
        manager.verbs.execute(() -> manager.apply(initial));
        manager.verbs.scheduleAtFixedRate(manager::reload, reloadSec, reloadSec, TimeUnit.SECONDS);
        Thread reader = new Thread(manager::readCommands, "ipc-reader");
        reader.setDaemon(true);
        reader.start();
        up.send(Event.of(Event.READY));
        manager.stopped.await();
        log.info("lifecycle", "manager stopped", Map.of());
        log.close();
        up.send(Event.of(Event.STOPPED));
        System.exit(0);
    }

    private void readCommands() {
        try {
            JsonLines.readAll(System.in, Command.class, cmd -> {
                switch (cmd.cmd()) {
                    case Command.RELOAD -> verbs.execute(this::reload);
                    case Command.STOP -> verbs.execute(this::stopAll);
                    case Command.PAUSE -> verbs.execute(() -> setPaused(true));
                    case Command.RESUME -> verbs.execute(() -> setPaused(false));
                    case Command.RESET -> verbs.execute(this::reset);
                    default -> log.warn("ipc", "unknown command", Map.of("cmd", cmd.cmd()));
                }
            }, bad -> log.warn("ipc", "bad command line", Map.of("line", bad)));
        } catch (Exception e) {
            log.warn("ipc", "stdin failed: " + e, Map.of());
        }
        verbs.execute(this::stopAll); // end of input: the orchestrator is gone
    }

    /** Re-reads the config file; a file that does not validate is reported and the running config kept. */
    void reload() {
        if (stopping || resetting) {
            return; // a reset reads the file itself once the workers are gone
        }
        try {
            GeneratorConfig next = GeneratorConfigFile.read(configFile);
            if (!next.equals(config)) {
                apply(next);
            }
        } catch (ScenarioException e) {
            rejected(e);
        }
    }

    private void rejected(ScenarioException e) {
        log.error("config", "config file rejected, keeping the running config", Map.of("problems", e.problems()));
        up.send(Event.message(Event.CONFIG, "rejected: " + e.getMessage()));
    }

    /** Forwards a pause or resume to every worker and remembers it for the workers started later. */
    private void setPaused(boolean pause) {
        if (stopping) {
            return;
        }
        paused = pause;
        workers.values().forEach(w -> w.setPaused(pause));
        log.info("lifecycle", pause ? "workers paused" : "workers resumed", Map.of("workers", workers.size()));
    }

    /**
     * Stops every worker as {@code stop} does, then starts a fresh set from the config file re-read
     * ({@link #startAfterReset}). A reset asked for during one is part of it: the file is read after both.
     */
    private void reset() {
        if (stopping) {
            return;
        }
        if (resetting) {
            log.info("lifecycle", "reset already under way: this one is part of it", Map.of());
            return;
        }
        resetting = true;
        List<WorkerSupervisor> previous = List.copyOf(workers.values());
        int running = (int) previous.stream().filter(w -> w.process().isPresent()).count();
        log.info("lifecycle", "reset: stopping " + running + " workers", Map.of("workers", running));
        // a killed worker's exit is handled (and reported) too before its successor takes its devices' locks
        stopWorkers(previous, () -> exitsHandled(previous)
                .completeOnTimeout(null, KILLED_EXIT_WAIT_MS, TimeUnit.MILLISECONDS)
                .whenComplete((ok, error) -> verbs.execute(() -> startAfterReset(running))));
    }

    private void startAfterReset(int stopped) {
        resetting = false;
        if (stopping) {
            return; // a stop came during the reset: the manager ends without new workers
        }
        GeneratorConfig next = config;
        try {
            next = GeneratorConfigFile.read(configFile);
        } catch (ScenarioException e) {
            rejected(e);
        }
        workers.clear(); // every one is stopped: its successor is a fresh worker, not a restart
        apply(next);
        log.info("lifecycle", "reset done", Map.of("stopped", stopped, "started", workers.size()));
        up.send(Event.reset(stopped, workers.size()));
    }

    private void apply(GeneratorConfig next) {
        Map<Integer, WorkerSpec> wanted = new LinkedHashMap<>();
        next.workers().forEach(w -> wanted.put(w.id(), w));
        workers.entrySet().removeIf(e -> {
            if (!wanted.containsKey(e.getKey())) {
                e.getValue().stop();
                return true;
            }
            return false;
        });
        for (WorkerSpec spec : wanted.values()) {
            WorkerSupervisor existing = workers.get(spec.id());
            if (existing != null) {
                existing.update(spec, next);
            } else {
                WorkerSupervisor s = new WorkerSupervisor(spec, next, paused, runDir, verbs, up, log, workerJavaOpts);
                workers.put(spec.id(), s);
                s.start();
            }
        }
        config = next;
        String summary = "applied: " + next.workers().size() + " workers, " + next.deviceCount() + " devices, "
                + Math.round(next.ratePerSecTotal()) + " msg/s scheduled";
        log.info("config", summary, Map.of("workers", next.workers().size(), "devices", next.deviceCount()));
        up.send(Event.message(Event.CONFIG, summary));
    }

    /** Stops every worker (each flushes), waits for them, then lets main() exit. */
    private void stopAll() {
        if (stopping) {
            return;
        }
        stopping = true;
        // main() reports stopped once the exit events are forwarded
        stopWorkers(List.copyOf(workers.values()), stopped::countDown);
    }

    /**
     * Asks {@code some} to flush and exit, then runs {@code then} on the verbs thread once their exits are
     * handled, not just happened (their last events are forwarded by then), or after {@link #STOP_TIMEOUT_MS}
     * with the ones left killed.
     */
    private void stopWorkers(List<WorkerSupervisor> some, Runnable then) {
        some.forEach(WorkerSupervisor::stop);
        exitsHandled(some).orTimeout(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS).whenComplete((ok, timeout) ->
                verbs.execute(() -> {
                    if (timeout != null) {
                        log.warn("lifecycle", "workers did not stop in time, killing them", Map.of());
                        some.forEach(w -> w.process().ifPresent(Process::destroyForcibly));
                    }
                    then.run();
                }));
    }

    private static CompletableFuture<Void> exitsHandled(List<WorkerSupervisor> some) {
        return CompletableFuture.allOf(some.stream().map(WorkerSupervisor::exitHandled)
                .toArray(CompletableFuture[]::new));
    }
}
