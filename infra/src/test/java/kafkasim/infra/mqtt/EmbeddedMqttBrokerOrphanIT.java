package kafkasim.infra.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kafkasim.common.process.ChildJvm;
import kafkasim.infra.LiveProcesses;

/** No broker process outlives the JVM that started it, even when that JVM is killed with SIGKILL. */
class EmbeddedMqttBrokerOrphanIT {
    /** ParentWatch polls every 250 ms and halts a JVM whose shutdown hooks take longer than 3 s. */
    private static final long GONE_WITHIN_MILLIS = 6_000;

    @Test
    void hiveMqExitsWhenTheJvmThatStartedItIsKilled(@TempDir Path dir) throws Exception {
        assertNothingOutlivesTheStarter(EmbeddedHiveMq.KIND, dir);
    }

    @Test
    void mosquittoAndItsWatcherExitWhenTheJvmThatStartedThemIsKilled(@TempDir Path dir) throws Exception {
        List<Long> pids = assertNothingOutlivesTheStarter(EmbeddedMosquitto.KIND, dir);
        assertEquals(2, pids.size(), "the watcher JVM and mosquitto: " + pids);
    }

    @Test
    void mosquittoExitsWhenItsWatcherIsKilled(@TempDir Path dir) throws Exception {
        EmbeddedMosquitto broker = EmbeddedMosquitto.start(dir);
        try {
            long watcherPid = broker.processes().get(0).pid();
            assertTrue(watcherPid != broker.pid(), "processes() starts with the watcher");
            ProcessHandle.of(watcherPid).orElseThrow().destroyForcibly(); // SIGKILL: its shutdown hook cannot run
            assertTrue(awaitGone(List.of(watcherPid, broker.pid())), "mosquitto " + broker.pid()
                    + " alive " + GONE_WITHIN_MILLIS + " ms after its watcher was killed");
            assertFalse(broker.isAlive());
        } finally {
            broker.close();
        }
    }

    private static List<Long> assertNothingOutlivesTheStarter(String kind, Path dir) throws Exception {
        Path parentLog = dir.resolve("parent.log");
        Process parent = ChildJvm.of(MqttOrphanParentMain.class)
                .arg(kind)
                .arg(dir.resolve(kind).toString())
                .stdout(ProcessBuilder.Redirect.to(parentLog.toFile()))
                .stderr(ProcessBuilder.Redirect.appendTo(parentLog.toFile()))
                .start();
        List<Long> pids = List.of();
        try {
            pids = awaitPids(parent, parentLog);
            assertTrue(pids.stream().allMatch(LiveProcesses::alive), kind + " runs while its starter lives: " + pids);

            long t0 = System.nanoTime();
            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the starting JVM
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS), "the starting JVM did not die");
            assertTrue(awaitGone(pids), kind + " processes " + pids.stream().filter(LiveProcesses::alive)
                    .collect(Collectors.toList()) + " alive " + GONE_WITHIN_MILLIS + " ms after their starter died");
            System.out.println(kind + ": starter killed, " + pids + " gone after "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
            return pids;
        } finally {
            parent.destroyForcibly();
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private static boolean awaitGone(List<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GONE_WITHIN_MILLIS);
        while (pids.stream().anyMatch(LiveProcesses::alive) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return pids.stream().noneMatch(LiveProcesses::alive);
    }

    private static List<Long> awaitPids(Process parent, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            Optional<String> pids = lines.stream().filter(l -> l.startsWith("PIDS ")).findFirst();
            if (pids.isPresent()) {
                return Arrays.stream(pids.get().substring("PIDS ".length()).trim().split(" "))
                        .map(Long::parseLong).collect(Collectors.toList());
            }
            if (!parent.isAlive()) {
                fail("the starting JVM exited with " + parent.exitValue() + ":\n" + String.join("\n", lines));
            }
            Thread.sleep(50);
        }
        fail("no PIDS within 60 s:\n" + Files.readString(log));
        return List.of();
    }
}
