package kafkasim.simulation.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import kafkasim.common.scenario.Fault;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {
    /** Records every call; worker 7 does not exist. */
    static class Recording implements FaultTargets {
        final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

        @Override
        public String killWorker(int workerId) {
            if (workerId == 7) {
                throw new FaultException("worker 7 is not running");
            }
            calls.add("killWorker " + workerId);
            return "killed worker " + workerId;
        }

        @Override
        public String killManager() {
            calls.add("killManager");
            return "killed the manager";
        }

        @Override
        public String killTaskManager(int index) {
            calls.add("killTaskManager " + index);
            return "killed TaskManager " + index;
        }

        @Override
        public String killJobManager() {
            calls.add("killJobManager");
            return "killed the JobManager";
        }

        @Override
        public String killBroker(int nodeId) {
            calls.add("killBroker " + nodeId);
            return "killed broker " + nodeId;
        }

        @Override
        public String restartBroker(int nodeId) {
            calls.add("restartBroker " + nodeId);
            return "broker " + nodeId + " is back";
        }

        @Override
        public long brokerPid(int nodeId) {
            return ProcessHandle.current().pid();
        }

        @Override
        public String breakNetwork(int nodeId, Fault fault) {
            calls.add(fault.action() + " " + nodeId + (fault.delayMs() == null ? ""
                    : " " + fault.delayMs() + "/" + fault.jitterMs()));
            return "broke the network to broker " + nodeId;
        }

        @Override
        public String healNetwork(int nodeId) {
            calls.add("heal " + nodeId);
            return "healed";
        }

        @Override
        public String stopDatabase() {
            calls.add("stopDatabase");
            return "database stopped";
        }

        @Override
        public String startDatabase() {
            calls.add("startDatabase");
            return "database started";
        }

        String next() throws InterruptedException {
            String call = calls.poll(10, TimeUnit.SECONDS);
            assertTrue(call != null, "no call within 10 s");
            return call;
        }
    }

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void scheduledFaultsHappenInOrderAndLastingOnesAreUndone() throws Exception {
        Recording targets = new Recording();
        try (FaultInjector injector = new FaultInjector(targets, 60, out)) {
            injector.start(List.of(new Fault(2, "kill-broker", "1", 1), new Fault(0, "kill-worker", "0", null),
                    new Fault(0, "stop-database", null, 1)), System.nanoTime());
            List<String> first = List.of(targets.next(), targets.next());
            assertTrue(first.containsAll(List.of("killWorker 0", "stopDatabase")), first.toString());
            assertEquals("startDatabase", targets.next(), "undone after forSec");
            assertEquals("killBroker 1", targets.next());
            assertEquals("restartBroker 1", targets.next());
            awaitUndone(injector, 3);
            List<AppliedFault> applied = injector.applied();
            AppliedFault broker = applied.stream().filter(a -> a.action().equals("kill-broker")).findFirst()
                    .orElseThrow();
            assertEquals("killed broker 1", broker.applied());
            assertEquals("broker 1 is back", broker.undone());
            assertTrue(broker.endedAtMs() - broker.appliedAtMs() >= 900, "lasted its forSec: " + broker);
            assertTrue(printed.toString(StandardCharsets.UTF_8).contains("fault at 2 s: kill-broker 1 for 1 s: killed"
                    + " broker 1"), printed.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void networkFaultsTypedWithTheirDelayAreAppliedThenHealed() throws Exception {
        Recording targets = new Recording();
        try (FaultInjector injector = new FaultInjector(targets, 60, out)) {
            injector.start(List.of(new Fault(0, "net-partition", "1", 1)), System.nanoTime());
            assertEquals("net-partition 1", targets.next());
            assertEquals("heal 1", targets.next());
            assertEquals("applying net-delay 1 for 1 s (300±40 ms)", injector.typed("net-delay 1 1 300 40"));
            assertEquals("net-delay 1 300/40", targets.next());
            assertEquals("heal 1", targets.next());
            assertEquals("applying net-delay 1 for 1 s (200 ms)", injector.typed("net-delay 1 1"), "the default");
            assertEquals("net-delay 1 200/0", targets.next());
            assertEquals("heal 1", targets.next());
            assertTrue(injector.typed("net-delay 1 1 fast").startsWith("not applied: DELAY_MS must be a whole"));
            assertTrue(injector.typed("net-loss 1 1 300").startsWith("usage:"), injector.typed("net-loss 1 1 300"));
            assertTrue(injector.typed("net-delay 1 1 90000").contains("delayMs must be between 0 and 60000"));
            awaitUndone(injector, 3);
        }
    }

    @Test
    void aTargetThatIsNotThereIsReportedNotFatal() throws Exception {
        Recording targets = new Recording();
        try (FaultInjector injector = new FaultInjector(targets, 60, out)) {
            injector.start(List.of(new Fault(0, "kill-worker", "7", null), new Fault(0, "kill-manager", null, null)),
                    System.nanoTime());
            assertEquals("killManager", targets.next());
            awaitApplied(injector, 2);
            AppliedFault missing = injector.applied().stream().filter(a -> "7".equals(a.target())).findFirst()
                    .orElseThrow();
            assertNull(missing.applied());
            assertEquals("worker 7 is not running", missing.error());
        }
    }

    @Test
    void typedFaultsAreCheckedThenApplied() throws Exception {
        Recording targets = new Recording();
        try (FaultInjector injector = new FaultInjector(targets, 60, out)) {
            assertEquals("faults can be typed once the run's clock started", injector.typed("kill-manager"));
            injector.start(List.of(), System.nanoTime());
            assertEquals("applying kill-broker 1 for 2 s", injector.typed("kill-broker 1 2"));
            assertEquals("killBroker 1", targets.next());
            assertTrue(injector.typed("pause-broker 1 5").startsWith("applying"), "checked when it happens");
            awaitApplied(injector, 2);
            assertEquals("broker 1 is already down (kill-broker 1)", injector.applied().get(1).error());
            assertEquals("restartBroker 1", targets.next());
            assertEquals("applying kill-taskmanager 0", injector.typed("kill-taskmanager"));
            assertEquals("killTaskManager 0", targets.next());
            assertEquals("applying kill-jobmanager", injector.typed("kill-jobmanager"));
            assertEquals("killJobManager", targets.next());
            assertTrue(injector.typed("kill-jobmanager 1").startsWith("not applied: typed fault.forSec:"
                    + " kill-jobmanager is undone by its supervisor at once"), injector.typed("kill-jobmanager 1"));
            assertTrue(injector.typed("kill-broker 1 600").startsWith("not applied: typed fault: kill-broker must"
                    + " be over before the generator stops"), injector.typed("kill-broker 1 600"));
            assertTrue(injector.typed("kill-broker 1 ten").startsWith("not applied: FOR_SEC must be a whole number"));
            assertTrue(FaultInjector.isFaultCommand("  kill-worker 3"));
            assertTrue(!FaultInjector.isFaultCommand("reload"));
        }
    }

    @Test
    void closeUndoesWhatIsInForceAndCancelsWhatIsNotDue() throws Exception {
        Recording targets = new Recording();
        FaultInjector injector = new FaultInjector(targets, 600, out);
        injector.start(List.of(new Fault(0, "stop-database", null, 300), new Fault(200, "kill-manager", null, null)),
                System.nanoTime());
        assertEquals("stopDatabase", targets.next());
        awaitApplied(injector, 1);
        assertEquals("stop-database", injector.inForce());
        injector.close();
        assertEquals("startDatabase", targets.next(), "the run ended early: the database is started again");
        assertNull(targets.calls.poll(200, TimeUnit.MILLISECONDS), "kill-manager was not due: cancelled");
        assertEquals("", injector.inForce());
        assertEquals(1, injector.applied().size());
    }

    @Test
    void pausedBrokerIsStoppedThenContinued() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            FaultTargets targets = new Recording() {
                @Override
                public long brokerPid(int nodeId) {
                    return sleeper.pid();
                }
            };
            try (FaultInjector injector = new FaultInjector(targets, 60, out)) {
                injector.start(List.of(new Fault(0, "pause-broker", "1", 1)), System.nanoTime());
                awaitApplied(injector, 1);
                assertTrue(injector.applied().get(0).applied().contains("state T"), injector.applied().toString());
                assertEquals("T", ProcessSignals.state(sleeper.pid()), "stopped");
                awaitUndone(injector, 1);
                assertEquals("S", ProcessSignals.state(sleeper.pid()), "continued (sleeping again)");
            }
        } finally {
            sleeper.destroyForcibly();
        }
    }

    private static void awaitApplied(FaultInjector injector, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (injector.applied().stream().filter(a -> a.applied() != null || a.error() != null).count() < count) {
            assertTrue(System.nanoTime() < deadline, "applied: " + injector.applied());
            Thread.sleep(20);
        }
    }

    private static void awaitUndone(FaultInjector injector, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (injector.applied().stream().filter(a -> a.undone() != null || a.forSec() == null).count() < count) {
            assertTrue(System.nanoTime() < deadline, "undone: " + injector.applied());
            Thread.sleep(20);
        }
    }
}
