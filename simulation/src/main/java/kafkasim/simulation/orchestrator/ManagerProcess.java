package kafkasim.simulation.orchestrator;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import kafkasim.common.process.ChildJvm;
import kafkasim.generator.ipc.Command;
import kafkasim.generator.ipc.Event;
import kafkasim.generator.ipc.JsonLines;
import kafkasim.generator.logging.SimLog;
import kafkasim.generator.manager.ManagerMain;

/**
 * The orchestrator's handle on the producer worker manager: starts it, forwards its events, restarts it with
 * backoff when it dies unasked (its workers exit with it and the new manager's workers resume their devices from
 * the state files), and stops it at the end of the run.
 */
final class ManagerProcess {
    static final Duration RESTART_BACKOFF = Duration.ofMillis(500);
    /** The manager only relays a few JSON lines per second: C1 only, whatever the host (it starts faster). */
    static final String JAVA_OPTS = "-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    private final Path runDir;
    private final Path configFile;
    private final int reloadSec;
    private final Consumer<Event> onEvent;
    private final RunTotals totals;
    private final SimLog log;
    private final CountDownLatch exitedAfterStop = new CountDownLatch(1);
    private volatile Process process;
    private volatile JsonLines down;
    private volatile boolean stopping;
    /** Generation paused by the user: a manager started again after a crash is told so at once. */
    private volatile boolean paused;
    private int incarnation;

    ManagerProcess(Path runDir, Path configFile, int reloadSec, Consumer<Event> onEvent, RunTotals totals,
                   SimLog log) {
        this.runDir = runDir;
        this.configFile = configFile;
        this.reloadSec = reloadSec;
        this.onEvent = onEvent;
        this.totals = totals;
        this.log = log;
    }

    synchronized void start() throws IOException {
        ChildJvm jvm = ChildJvm.of(ManagerMain.class)
                .args(java.util.List.of(runDir.toString(), configFile.toString(), Integer.toString(reloadSec),
                        Integer.toString(incarnation)))
                .stderr(ProcessBuilder.Redirect.appendTo(runDir.resolve("logs").resolve("manager.stderr").toFile()))
                .jvmArgs(JAVA_OPTS);
        Process p = jvm.start();
        boolean restart = incarnation > 0;
        incarnation++;
        process = p;
        down = new JsonLines(p.getOutputStream());
        if (paused) {
            down.send(Command.of(Command.PAUSE));
        }
        totals.processStarted(restart);
        log.info("lifecycle", (restart ? "restarted" : "started") + " manager", Map.of("pid", p.pid()));
        Thread reader = new Thread(() -> {
            try {
                JsonLines.readAll(p.getInputStream(), Event.class, onEvent,
                        bad -> log.warn("ipc", "bad line from manager", Map.of("line", bad)));
            } catch (IOException e) {
                // the manager is gone: handled below
            }
        }, "manager-events");
        reader.setDaemon(true);
        reader.start();
        p.onExit().thenAccept(this::exited);
    }

    private void exited(Process p) {
        if (p != process) {
            return;
        }
        if (stopping) {
            exitedAfterStop.countDown();
            return;
        }
        totals.processCrashed();
        log.warn("lifecycle", "manager died, restarting", Map.of("exitCode", p.exitValue()));
        System.out.println("manager exited with code " + p.exitValue() + ": restarting it");
        try {
            Thread.sleep(RESTART_BACKOFF.toMillis());
            if (!stopping) {
                start();
            } else {
                exitedAfterStop.countDown();
            }
        } catch (Exception e) {
            log.error("lifecycle", "cannot restart the manager: " + e, Map.of());
            exitedAfterStop.countDown();
        }
    }

    void reload() {
        send(Command.RELOAD);
    }

    /** Pauses or resumes generation in every worker, now and in workers started later. */
    void paused(boolean pause) {
        paused = pause;
        send(pause ? Command.PAUSE : Command.RESUME);
    }

    boolean paused() {
        return paused;
    }

    /** The manager stops every worker (each flushes), re-reads its config file and starts the workers afresh. */
    void reset() {
        send(Command.RESET);
    }

    private void send(String cmd) {
        JsonLines d = down;
        if (d != null) {
            d.send(Command.of(cmd));
        }
    }

    /** How often the manager was started again after it died. */
    synchronized int restarts() {
        return Math.max(0, incarnation - 1);
    }

    long pid() {
        return process.pid();
    }

    /** The current manager JVM (a restarted one replaces it), for the host monitor; empty before start. */
    java.util.List<ProcessHandle> processes() {
        Process p = process;
        return p == null ? java.util.List.of() : java.util.List.of(p.toHandle());
    }

    /** Asks the manager to stop its workers (they flush) and waits for it to exit; kills it after the timeout. */
    boolean stop(Duration timeout) throws InterruptedException {
        stopping = true;
        Process p = process;
        down.send(Command.of(Command.STOP));
        if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        log.warn("lifecycle", "manager did not stop in time, killing it", Map.of());
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return false;
    }
}
