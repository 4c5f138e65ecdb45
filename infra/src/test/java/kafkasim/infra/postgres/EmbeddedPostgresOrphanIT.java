package kafkasim.infra.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kafkasim.common.process.ChildJvm;

/** No postgres outlives its starter: not after kill -9 of the starting JVM, of the watcher, nor of postgres. */
class EmbeddedPostgresOrphanIT {
    private static final long GONE_WITHIN_MILLIS = 5_000;

    @Test
    void serverStopsWhenTheJvmThatStartedItIsKilled(@TempDir Path dir) throws Exception {
        Path work = dir.resolve("pg");
        Path dataDir = work.resolve("data");
        Path parentLog = dir.resolve("parent.log");
        Process parent = ChildJvm.of(PostgresOrphanParentMain.class)
                .arg(work.toString())
                .stdout(ProcessBuilder.Redirect.to(parentLog.toFile()))
                .stderr(ProcessBuilder.Redirect.appendTo(parentLog.toFile()))
                .start();
        try {
            Map<String, Long> started = awaitStarted(parent, parentLog);
            int port = started.get("PORT").intValue();
            assertTrue(PostgresProcesses.accepts(port), "postgres answers on " + port + " while its starter lives");
            assertFalse(PostgresProcesses.mentioning(dataDir).isEmpty());

            long t0 = System.nanoTime();
            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the starting JVM
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS), "the intermediate JVM did not die");

            List<String> left = PostgresProcesses.awaitNoneMentioning(dataDir, GONE_WITHIN_MILLIS);
            assertEquals(List.of(), left, "processes of " + dataDir + " alive 5 s after their starter was killed");
            System.out.println("starter killed: postgres and watcher gone after "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertFalse(PostgresProcesses.accepts(port));
            assertTrue(Files.readString(work.resolve("postgres.log")).contains("received fast shutdown request"));
        } finally {
            parent.destroyForcibly();
            PostgresProcesses.killAllMentioning(dataDir);
        }
    }

    @Test
    void serverStopsWhenTheWatcherIsKilled(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("data");
        EmbeddedPostgres pg = EmbeddedPostgres.start(dir);
        try {
            long t0 = System.nanoTime();
            ProcessHandle.of(pg.pid()).orElseThrow().destroyForcibly(); // SIGKILL: its shutdown hook cannot run
            List<String> left = PostgresProcesses.awaitNoneMentioning(dataDir, GONE_WITHIN_MILLIS);
            assertEquals(List.of(), left, "postgres alive 5 s after its watcher was killed");
            System.out.println("watcher killed: postgres gone after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertFalse(PostgresProcesses.accepts(pg.port()));
            assertFalse(pg.isAlive());
        } finally {
            pg.close();
            pg.close();
            PostgresProcesses.killAllMentioning(dataDir);
        }
    }

    @Test
    void theWatcherExitsWhenPostgresDies(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("data");
        EmbeddedPostgres pg = EmbeddedPostgres.start(dir);
        try {
            ProcessHandle.of(pg.serverPid()).orElseThrow().destroyForcibly(); // postgres "crashes"
            ProcessHandle watcher = ProcessHandle.of(pg.pid()).orElseThrow();
            watcher.onExit().get(GONE_WITHIN_MILLIS, TimeUnit.MILLISECONDS);
            assertFalse(pg.isAlive());
            List<String> left = PostgresProcesses.awaitNoneMentioning(dataDir, GONE_WITHIN_MILLIS);
            assertEquals(List.of(), left);
            assertTrue(Files.readString(pg.logFile()).contains("exited on its own"), "the watcher says why it left");
        } finally {
            pg.close();
            PostgresProcesses.killAllMentioning(dataDir);
        }
    }

    private static Map<String, Long> awaitStarted(Process parent, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            Map<String, Long> values = new HashMap<>();
            for (String line : lines) {
                String[] kv = line.split(" ", 2);
                if (kv.length == 2 && List.of("PORT", "WATCHER_PID", "SERVER_PID").contains(kv[0])) {
                    values.put(kv[0], Long.parseLong(kv[1].trim()));
                }
            }
            if (values.size() == 3) {
                return values;
            }
            if (!parent.isAlive()) {
                fail("the intermediate JVM exited with " + parent.exitValue() + ":\n" + String.join("\n", lines));
            }
            Thread.sleep(50);
        }
        fail("no PORT within 60 s:\n" + Files.readString(log));
        return Map.of();
    }
}
