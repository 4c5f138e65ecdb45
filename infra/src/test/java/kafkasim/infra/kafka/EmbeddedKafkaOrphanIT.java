package kafkasim.infra.kafka;

import kafkasim.infra.LiveProcesses;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kafkasim.common.process.ChildJvm;

/** The broker must not outlive the JVM that started it, even when that JVM is killed with SIGKILL. */
class EmbeddedKafkaOrphanIT {

    @Test
    void brokerExitsWhenItsParentIsKilled(@TempDir Path dir) throws Exception {
        Path parentLog = dir.resolve("parent.log");
        Process parent = ChildJvm.of(KafkaOrphanParentMain.class)
                .arg(dir.resolve("kafka").toString())
                .stdout(ProcessBuilder.Redirect.to(parentLog.toFile()))
                .stderr(ProcessBuilder.Redirect.appendTo(parentLog.toFile()))
                .start();
        long brokerPid = -1;
        try {
            brokerPid = awaitBrokerPid(parent, parentLog);
            assertTrue(LiveProcesses.alive(brokerPid), "broker " + brokerPid + " should run while its parent lives");

            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS), "the intermediate JVM did not die");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (LiveProcesses.alive(brokerPid) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(!LiveProcesses.alive(brokerPid), "broker pid " + brokerPid + " still alive 5 s after its parent was killed");
        } finally {
            parent.destroyForcibly();
            if (brokerPid > 0) {
                ProcessHandle.of(brokerPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static long awaitBrokerPid(Process parent, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            Optional<String> pid = lines.stream().filter(l -> l.startsWith("BROKER_PID ")).findFirst();
            boolean bootstrap = lines.stream().anyMatch(l -> l.startsWith("BOOTSTRAP 127.0.0.1:"));
            if (pid.isPresent() && bootstrap) {
                return Long.parseLong(pid.get().substring("BROKER_PID ".length()).trim());
            }
            if (!parent.isAlive()) {
                fail("the intermediate JVM exited with " + parent.exitValue() + ":\n" + String.join("\n", lines));
            }
            Thread.sleep(50);
        }
        fail("no BROKER_PID within 60 s:\n" + Files.readString(log));
        return -1;
    }
}
