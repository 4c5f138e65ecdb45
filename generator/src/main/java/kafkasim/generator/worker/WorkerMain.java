package kafkasim.generator.worker;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import kafkasim.generator.ipc.Command;
import kafkasim.generator.ipc.Event;
import kafkasim.generator.ipc.JsonLines;
import kafkasim.generator.logging.LogConfig;
import kafkasim.generator.logging.SimLog;
import kafkasim.common.process.ParentWatch;
import kafkasim.generator.transport.Transport;

/**
 * A worker process: simulates the devices the manager gives it and publishes their messages. Talks to the
 * manager over stdin/stdout ({@link JsonLines}); end of stdin (the manager is gone) means stop. A send error is
 * counted, never fatal; anything else that goes wrong is reported to the manager ({@code failed} event) and ends
 * the process with a non-zero code; the manager restarts it with backoff, or gives up if it never gets going.
 * {@code pause} and {@code resume} stop and restart its sending only: devices, producer and stats go on.
 * <p>Arguments: {@code WORKER_ID RUN_DIR}.
 */
public final class WorkerMain {
    static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(20);
    /** Exit codes the manager reads. */
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_ORPHANED = 3;

    private WorkerMain() {
    }

    /**
     * The manager's last pause or resume: it may come before the send loop exists (right after the first
     * {@code apply}, while the devices connect), so it is kept here and handed to the loop once there is one.
     */
    private static final class PauseSwitch {
        private boolean paused;
        private SendLoop loop;

        synchronized void set(boolean pause) {
            paused = pause;
            if (loop != null) {
                loop.setPaused(pause);
            }
        }

        synchronized void attach(SendLoop sendLoop) {
            loop = sendLoop;
            sendLoop.setPaused(paused);
        }
    }

    public static void main(String[] args) throws Exception {
        ParentWatch.start(EXIT_ORPHANED);
        PrintStream ipcOut = System.out;
        System.setOut(System.err); // no library may write into the IPC pipe
        int workerId = Integer.parseInt(args[0]);
        Path runDir = Path.of(args[1]);
        JsonLines up = new JsonLines(ipcOut);
        CountDownLatch firstSpec = new CountDownLatch(1);
        AtomicReference<Command> first = new AtomicReference<>();
        CountDownLatch stopRequested = new CountDownLatch(1);
        AtomicReference<SendLoop> loopRef = new AtomicReference<>();
        PauseSwitch pauseSwitch = new PauseSwitch();

        Thread reader = new Thread(() -> {
            try {
                JsonLines.readAll(System.in, Command.class, cmd -> {
                    if (Command.APPLY.equals(cmd.cmd())) {
                        if (first.compareAndSet(null, cmd)) {
                            firstSpec.countDown();
                        } else if (loopRef.get() != null) {
                            loopRef.get().apply(cmd.spec());
                        }
                    } else if (Command.STOP.equals(cmd.cmd())) {
                        stopRequested.countDown();
                    } else if (Command.PAUSE.equals(cmd.cmd())) {
                        pauseSwitch.set(true);
                    } else if (Command.RESUME.equals(cmd.cmd())) {
                        pauseSwitch.set(false);
                    }
                }, bad -> System.err.println("worker-" + workerId + ": ignoring bad command line: " + bad));
            } catch (Exception e) {
                System.err.println("worker-" + workerId + ": stdin failed: " + e);
            }
            stopRequested.countDown(); // manager gone or told us to stop
            firstSpec.countDown();
        }, "ipc-reader");
        reader.setDaemon(true);
        reader.start();

        firstSpec.await();
        Command start = first.get();
        if (start == null) {
            System.exit(EXIT_OK); // stopped before it began
        }
        LogConfig logConfig = LogConfig.of("worker", Integer.toString(workerId), runDir.resolve("logs"));
        if (start.log() != null) {
            logConfig = logConfig.withKafka(start.log().bootstrap(), start.log().topic(),
                    start.log().security());
        }
        SimLog log = SimLog.open(logConfig);
        log.installCrashHandler();
        // SIGTERM or the parent watch's System.exit: stop the loop and let run() flush before the JVM ends
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.countDown();
            try {
                finished.await(FLUSH_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException ignored) {
                // exit anyway
            }
        }, "graceful-stop"));
        int exitCode;
        try {
            exitCode = run(workerId, runDir, start, log, up, loopRef, pauseSwitch, stopRequested);
        } catch (Throwable t) { // e.g. a producer setting Kafka accepts but cannot use: the manager must know why
            exitCode = failed(workerId, "worker failed", t, log, up);
        }
        log.close();
        finished.countDown();
        System.exit(exitCode);
    }

    /** Logs {@code error} and reports it to the manager (which passes it on), before the worker exits with it. */
    private static int failed(int workerId, String what, Throwable error, SimLog log, JsonLines up) {
        String message = what + ": " + describe(error);
        log.error("lifecycle", message, Map.of("exception", error.getClass().getName()));
        System.err.println("worker-" + workerId + ": " + message);
        up.send(Event.failed(workerId, message));
        return EXIT_FAILED;
    }

    /** The messages of {@code error} and its causes, each once: Kafka wraps the cause that tells what is wrong. */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        Throwable t = error;
        for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }

    private static int run(int workerId, Path runDir, Command start, SimLog log, JsonLines up,
                           AtomicReference<SendLoop> loopRef, PauseSwitch pauseSwitch,
                           CountDownLatch stopRequested) throws Exception {
        WorkerStats stats = new WorkerStats();
        Transport transport;
        try {
            transport = start.transport().open("kafkasim-worker-" + workerId);
        } catch (RuntimeException e) {
            return failed(workerId, "cannot create the " + start.transport().kind() + " producer", e, log, up);
        }
        SendLoop loop = new SendLoop(transport, runDir.resolve("state"), MicroClock.system(), stats, log);
        try {
            loop.init(start.spec());
        } catch (Exception e) {
            transport.close(Duration.ZERO);
            return failed(workerId, "cannot open devices", e, log, up);
        }
        loopRef.set(loop);
        pauseSwitch.attach(loop); // before the loop runs: a worker started paused sends nothing
        AtomicReference<Throwable> loopFailure = new AtomicReference<>();
        Thread sender = new Thread(() -> {
            try {
                loop.run();
            } catch (Throwable t) {
                loopFailure.set(t);
                stopRequested.countDown();
            }
        }, "send-loop");
        sender.start();
        log.info("lifecycle", "worker started", Map.of("devices", loop.deviceCount(), "pid",
                ProcessHandle.current().pid()));
        up.send(Event.of(Event.READY).withWorkerId(workerId));

        int intervalMs = start.statsIntervalMs() == null ? 1000 : start.statsIntervalMs();
        while (!stopRequested.await(intervalMs, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            sendStats(workerId, loop, stats, up);
        }
        loop.stop();
        sender.join();
        transport.close(FLUSH_TIMEOUT); // waits for acknowledgements: the state file is final after this
        sendStats(workerId, loop, stats, up);
        loop.closeGroups();
        long[] totals = loop.totals();
        Throwable failure = loopFailure.get();
        if (failure != null) {
            return failed(workerId, "send loop failed", failure, log, up);
        }
        log.info("lifecycle", "worker stopped", Map.of("acked", totals[0], "failed", totals[1]));
        up.send(Event.of(Event.STOPPED).withWorkerId(workerId));
        return EXIT_OK;
    }

    private static void sendStats(int workerId, SendLoop loop, WorkerStats stats, JsonLines up) {
        long[] totals = loop.totals();
        String[] intervals = stats.takeIntervals();
        up.send(Event.stats(workerId, totals[0], totals[1], loop.deviceCount(), intervals[0], intervals[1]));
    }
}
