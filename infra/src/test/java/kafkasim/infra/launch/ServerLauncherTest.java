package kafkasim.infra.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kafkasim.common.process.ChildJvm;
import kafkasim.infra.ChildProcesses;
import kafkasim.infra.FreePorts;
import kafkasim.infra.StartException;

/** The lifecycle itself, with trivial children on loopback: a tiny JVM that binds a port, or {@code sh -c}. */
class ServerLauncherTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void aPortTakenBeforeTheBindIsRetriedWithFreshPorts() throws IOException {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicInteger picks = new AtomicInteger();
            Supplier<int[]> ports = () -> picks.getAndIncrement() == 0
                    ? new int[] {squatter.getLocalPort()} : FreePorts.pick(1);
            FakeServer server = new FakeServer(this::fakeJvm);
            Child child = ServerLauncher.start(server, ports, ServerLauncher.BIND_ATTEMPTS, deadline(TIMEOUT));
            assertEquals(2, picks.get(), "one more attempt");
            assertNotEquals(squatter.getLocalPort(), child.port());
            assertTrue(child.process().isAlive());
            assertEquals(1, server.ended.get(), "the failed attempt was ended");
            assertTrue(Files.readString(server.log(1)).contains("Address already in use"));
            server.stop(child);
            assertFalse(child.process().isAlive());
        }
    }

    @Test
    void aPortTakenOnEveryAttemptFailsWithTheLastAttemptsMessage() throws IOException {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicInteger picks = new AtomicInteger();
            Supplier<int[]> ports = () -> {
                picks.incrementAndGet();
                return new int[] {squatter.getLocalPort()};
            };
            StartException e = assertThrows(StartException.class, () -> ServerLauncher.start(
                    new FakeServer(this::fakeJvm), ports, ServerLauncher.BIND_ATTEMPTS, deadline(TIMEOUT)));
            assertEquals(3, picks.get(), "three attempts");
            assertTrue(e.getMessage().startsWith("fake failed on attempt 3: exited with code "
                    + FakeServerMain.EXIT_BIND_FAILED + " (port taken)"), e.getMessage());
            assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
        }
    }

    @Test
    void aFailureThatIsNoBindFailureIsNotRetried() {
        AtomicInteger picks = new AtomicInteger();
        FakeServer server = new FakeServer(ports -> List.of("sh", "-c", "echo 'no config' >&2; exit 7"));
        StartException e = assertThrows(StartException.class, () -> ServerLauncher.start(server,
                () -> new int[] {picks.incrementAndGet()}, ServerLauncher.BIND_ATTEMPTS, deadline(TIMEOUT)));
        assertEquals(1, picks.get());
        assertTrue(e.getMessage().startsWith("fake failed on attempt 1: exited with code 7"), e.getMessage());
        assertTrue(e.getMessage().contains("no config"), e.getMessage());
    }

    @Test
    void aChildThatIsNeverReadyTimesOutWithAClearMessageAndIsStopped() {
        FakeServer server = new FakeServer(ports -> List.of("sh", "-c", "exec sleep 30"));
        long t0 = System.nanoTime();
        StartException e = assertThrows(StartException.class, () -> ServerLauncher.start(server,
                () -> new int[] {1}, ServerLauncher.BIND_ATTEMPTS, deadline(Duration.ofMillis(300))));
        long millis = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        assertTrue(millis < 10_000, "bounded wait: " + millis + " ms");
        assertEquals("fake failed on attempt 1: not ready in time" + server.logHint()
                + ChildProcesses.describeLog(""), e.getMessage());
        assertFalse(started.get(0).isAlive(), "the child is stopped");
    }

    @Test
    void aLaunchThatThrowsFailsAtOnce() {
        FakeServer server = new FakeServer(ports -> List.of(tmp.resolve("no-such-program").toString()));
        StartException e = assertThrows(StartException.class, () -> ServerLauncher.start(server,
                () -> new int[] {1}, ServerLauncher.BIND_ATTEMPTS, deadline(TIMEOUT)));
        assertTrue(e.getMessage().startsWith("fake could not be launched: java.io.IOException"), e.getMessage());
    }

    @Test
    void anUnexpectedErrorWhileWaitingStopsTheChild() {
        FakeServer server = new FakeServer(ports -> List.of("sh", "-c", "exec sleep 30")) {
            @Override
            public Readiness awaitReady(Child child, long deadlineNanos) {
                throw new IllegalStateException("probe broke");
            }
        };
        StartException e = assertThrows(StartException.class, () -> ServerLauncher.start(server,
                () -> new int[] {1}, 1, deadline(TIMEOUT)));
        assertEquals("fake failed to start: java.lang.IllegalStateException: probe broke" + server.logHint(),
                e.getMessage());
        assertFalse(started.get(0).isAlive());
    }

    @Test
    void anInterruptStopsTheChildAndKeepsTheFlag() {
        FakeServer server = new FakeServer(ports -> List.of("sh", "-c", "exec sleep 30"));
        Thread.currentThread().interrupt();
        try {
            StartException e = assertThrows(StartException.class, () -> ServerLauncher.start(server,
                    () -> new int[] {1}, 1, deadline(TIMEOUT)));
            assertEquals("interrupted while fake started; stopped it" + server.logHint(), e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertFalse(started.get(0).isAlive());
    }

    @Test
    void closeStopsOnceAndLaterCallsReturnAtOnce() throws IOException {
        Process child = track(new ProcessBuilder("sh", "-c", "exec sleep 30").start());
        AtomicInteger stops = new AtomicInteger();
        StopOnce stop = new StopOnce("fake-stop", () -> {
            stops.incrementAndGet();
            ChildProcesses.stop(child, Duration.ofSeconds(5));
        });
        stop.arm("fake", "");
        assertFalse(stop.isClosed());
        stop.close();
        stop.close();
        assertTrue(stop.isClosed());
        assertEquals(1, stops.get());
        assertFalse(child.isAlive());
    }

    // ---------------------------------------------------------------------------------------------------------

    private List<String> fakeJvm(int[] ports) {
        return ChildJvm.of(FakeServerMain.class).jvmArg("-Xmx32m").jvmArg("-XX:TieredStopAtLevel=1")
                .arg(Integer.toString(ports[0])).command();
    }

    private Process track(Process p) {
        started.add(p);
        return p;
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    /** One attempt: the process, its port, its numbered log (stdout and stderr). */
    record Child(Process process, int port, Path log) {
    }

    /** A server whose command comes from the test; ready when it prints the ready line. */
    class FakeServer implements ChildServer<Child> {
        final AtomicInteger ended = new AtomicInteger();
        private final Function<int[], List<String>> command;
        private int launches;

        FakeServer(Function<int[], List<String>> command) {
            this.command = command;
        }

        Path log(int attempt) {
            return tmp.resolve("fake-" + attempt + ".log");
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public String logHint() {
            return ". Logs in " + tmp;
        }

        @Override
        public Child launch(int[] ports) throws IOException {
            Path log = log(++launches);
            Process p = new ProcessBuilder(command.apply(ports)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new Child(track(p), ports[0], log);
        }

        @Override
        public StartException launchFailed(IOException e) {
            return new StartException("fake could not be launched: " + e, e);
        }

        @Override
        public Readiness awaitReady(Child child, long deadlineNanos) throws InterruptedException {
            while (true) {
                if (ChildProcesses.readSince(child.log(), 0).contains(FakeServerMain.READY_LINE + "\n")) {
                    return Readiness.ready();
                }
                if (!child.process().isAlive()) {
                    int code = child.process().exitValue();
                    return Readiness.exited(code, "exited with code " + code);
                }
                if (System.nanoTime() - deadlineNanos > 0) {
                    return Readiness.notReady("not ready in time");
                }
                Thread.sleep(20);
            }
        }

        @Override
        public FailedAttempt end(Child child, Readiness readiness, int attempt) {
            ended.incrementAndGet();
            stop(child);
            String log = ChildProcesses.readSince(child.log(), 0);
            boolean portTaken = readiness.hasExited() && log.contains("Address already in use");
            return new FailedAttempt(portTaken, "fake failed on attempt " + attempt + ": " + readiness.detail()
                    + (portTaken ? " (port taken)" : "") + logHint() + ChildProcesses.describeLog(log));
        }

        @Override
        public void stop(Child child) {
            ChildProcesses.stop(child.process(), Duration.ofSeconds(5));
        }
    }
}
