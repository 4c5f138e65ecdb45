package kafkasim.generator.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import kafkasim.common.process.ChildJvm;
import kafkasim.generator.ipc.Command;
import kafkasim.generator.ipc.Event;
import kafkasim.generator.ipc.JsonLines;

/**
 * The manager as the orchestrator runs it: a child JVM fed commands on its stdin, whose events a test waits for.
 * Waits are on events, each from a mark, so an event that came before the step it belongs to never counts.
 */
final class ManagerRun implements AutoCloseable {
    /** Long enough that the config file is read only when a test asks ({@code reload}, {@code reset}). */
    static final int RELOAD_SEC_NEVER = 3600;
    final Process process;
    private final JsonLines down;
    private final List<Event> events = new ArrayList<>();

    private ManagerRun(Process process) {
        this.process = process;
        this.down = new JsonLines(process.getOutputStream());
        Thread reader = new Thread(() -> {
            try {
                JsonLines.readAll(process.getInputStream(), Event.class, this::add,
                        bad -> System.out.println("  manager | bad line: " + bad));
            } catch (IOException ignored) {
                // the manager is gone
            }
        }, "manager-events");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a manager on {@code configFile} in {@code runDir} (its logs/ and state/ folders are made here). */
    static ManagerRun start(Path runDir, Path configFile) throws IOException {
        Files.createDirectories(runDir.resolve("logs"));
        Files.createDirectories(runDir.resolve("state"));
        Process p = ChildJvm.of(ManagerMain.class)
                .args(List.of(runDir.toString(), configFile.toString(), Integer.toString(RELOAD_SEC_NEVER), "0"))
                .jvmArgs("-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
                .stderr(ProcessBuilder.Redirect.INHERIT).start();
        return new ManagerRun(p);
    }

    private synchronized void add(Event e) {
        if (!Event.STATS.equals(e.event())) {
            System.out.println("  manager | " + e);
        }
        events.add(e);
        notifyAll();
    }

    void send(String cmd) {
        down.send(Command.of(cmd));
    }

    /** Where the events are now: waits from here see only later ones. */
    synchronized int mark() {
        return events.size();
    }

    /** The events since {@code mark}, in order. */
    synchronized List<Event> since(int mark) {
        return List.copyOf(events.subList(mark, events.size()));
    }

    /** The first event since {@code mark} that matches; fails after {@code timeout}. */
    synchronized Event await(int mark, Predicate<Event> matches, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = mark; ; i++) {
            while (i >= events.size()) {
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMs <= 0) {
                    throw new AssertionError("no " + what + " within " + timeout + "; events since the mark: "
                            + since(mark).stream().filter(e -> !Event.STATS.equals(e.event())).toList());
                }
                wait(leftMs);
            }
            if (matches.test(events.get(i))) {
                return events.get(i);
            }
        }
    }

    static Predicate<Event> is(String event) {
        return e -> event.equals(e.event());
    }

    static Predicate<Event> is(String event, int workerId) {
        return e -> event.equals(e.event()) && e.workerId() != null && e.workerId() == workerId;
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the manager did not exit within " + timeout);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
