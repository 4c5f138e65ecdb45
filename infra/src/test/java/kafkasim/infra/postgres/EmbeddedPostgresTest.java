package kafkasim.infra.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kafkasim.infra.StartException;
import kafkasim.infra.watcher.NativeServerMain;

/** Command lines and failure reporting, with fake initdb/postgres scripts (no real server). */
class EmbeddedPostgresTest {
    private static final RunAs ROOT = new RunAs(RunAs.Mode.SETPRIV, true, "nobody", 65534, 65534);
    private static final RunAs USER = new RunAs(RunAs.Mode.DIRECT, false, null, 1000, -1);
    private static final Path INSTALL = Path.of("/cache/postgres-17.6.0-abc");
    private static final Path DATA = Path.of("/w/data");

    @TempDir
    Path tmp;

    @Test
    void initdbAsRootRunsThroughSetprivAsTheUnprivilegedUser() {
        assertEquals(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--pdeathsig=TERM", "--",
                        "/cache/postgres-17.6.0-abc/bin/initdb", "-D", "/w/data", "-U", "postgres", "-A", "trust",
                        "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"),
                PostgresInitdb.command(ROOT, INSTALL, DATA));
    }

    @Test
    void initdbAsAnOrdinaryUserRunsDirectly() {
        assertEquals(List.of("/cache/postgres-17.6.0-abc/bin/initdb", "-D", "/w/data", "-U", "postgres", "-A", "trust",
                        "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"),
                PostgresInitdb.command(USER, INSTALL, DATA));
    }

    @Test
    void serverCommandListensOnLoopbackOnlyWithTheScratchSettings() {
        List<String> root = PostgresLaunch.serverCommand(ROOT, INSTALL, DATA, 41234, Path.of("/w/sock"),
                EmbeddedPostgres.DEFAULT_SETTINGS);
        assertEquals(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--pdeathsig=INT", "--",
                "/cache/postgres-17.6.0-abc/bin/postgres", "-D", "/w/data", "-p", "41234",
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=/w/sock",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"), root);

        Map<String, String> settings = new LinkedHashMap<>(EmbeddedPostgres.DEFAULT_SETTINGS);
        settings.put("max_connections", "200");
        List<String> user = PostgresLaunch.serverCommand(USER, INSTALL, DATA, 41234, null, settings);
        assertEquals("/cache/postgres-17.6.0-abc/bin/postgres", user.get(0));
        assertTrue(user.contains("unix_socket_directories="), "no socket directory: no Unix socket " + user);
        assertEquals("max_connections=200", user.get(user.size() - 1));
    }

    @Test
    void aSocketPathMustFitIntoSunPath() {
        assertTrue(PostgresWorkDir.socketDirFits(Path.of("/tmp/junit123/pg/sock")));
        assertFalse(PostgresWorkDir.socketDirFits(Path.of("/" + "x".repeat(100) + "/sock")));
    }

    @Test
    void reservedSettingsAreRejectedBeforeAnythingStarts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedPostgres.start(tmp, Map.of("listen_addresses", "*"), Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("listen_addresses"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("postgres.log")));
    }

    @Test
    void aFailingInitdbIsReportedWithItsOutput() throws Exception {
        PostgresBinaries.Installation fake = fakeInstall(
                "echo 'initdb: error: could not create directory \"/nope\": Permission denied' >&2; exit 1",
                "exit 0");
        StartException e = assertThrows(StartException.class, () -> EmbeddedPostgres.start(tmp.resolve("w"), Map.of(),
                Duration.ofSeconds(10), () -> fake, () -> USER, () -> 1));
        assertTrue(e.getMessage().contains("initdb exited with code 1"), e.getMessage());
        assertTrue(e.getMessage().contains("first error:\n  initdb: error: could not create directory"), e.getMessage());
        assertTrue(e.getMessage().contains("Log: " + tmp.resolve("w/postgres.log")), e.getMessage());
    }

    @Test
    void aServerThatDiesAtStartIsReportedWithTheLog() throws Exception {
        PostgresBinaries.Installation fake = fakeInstall("exit 0",
                "echo 'FATAL:  could not open file \"postgresql.conf\": Permission denied' >&2; exit 1");
        Path work = initialisedWorkDir("w2");
        StartException e = assertThrows(StartException.class, () -> EmbeddedPostgres.start(work, Map.of(),
                Duration.ofSeconds(20), () -> fake, () -> USER, () -> 1));
        assertTrue(e.getMessage().contains("watcher JVM exited with code " + NativeServerMain.EXIT_SERVER_DIED
                + " before the server accepted connections (postgres exited)"), e.getMessage());
        assertTrue(e.getMessage().contains("first error:\n  FATAL:  could not open file"), e.getMessage());
        assertTrue(e.getMessage().contains("exited on its own with code 1"), e.getMessage());
    }

    @Test
    void aTakenPortIsRetriedWithFreshPorts() throws Exception {
        PostgresBinaries.Installation fake = fakeInstall("exit 0",
                "echo 'LOG:  could not bind IPv4 address \"127.0.0.1\": Address already in use' >&2; exit 1");
        Path work = initialisedWorkDir("w3");
        AtomicInteger picks = new AtomicInteger();
        StartException e = assertThrows(StartException.class, () -> EmbeddedPostgres.start(work, Map.of(),
                Duration.ofSeconds(20), () -> fake, () -> USER, () -> 40000 + picks.incrementAndGet()));
        assertEquals(3, picks.get(), "three attempts");
        assertTrue(e.getMessage().contains("could not bind 127.0.0.1:40003 (port taken; 3 attempts"), e.getMessage());
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndIsStopped() throws Exception {
        PostgresBinaries.Installation fake = fakeInstall("exit 0", "echo \"fake pid $$\"; exec sleep 30");
        Path work = initialisedWorkDir("w4");
        long t0 = System.nanoTime();
        StartException e = assertThrows(StartException.class, () -> EmbeddedPostgres.start(work, Map.of(),
                Duration.ofMillis(1500), () -> fake, () -> USER, EmbeddedPostgresTest::unusedPort));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000, "bounded wait");
        assertTrue(e.getMessage().contains("did not accept connections on 127.0.0.1:"), e.getMessage());
        String log = Files.readString(work.resolve("postgres.log"));
        long fakePid = Long.parseLong(log.lines().filter(l -> l.startsWith("fake pid ")).findFirst().orElseThrow()
                .substring("fake pid ".length()).trim());
        assertFalse(ProcessHandle.of(fakePid).map(ProcessHandle::isAlive).orElse(false), "the fake server is stopped");
        assertTrue(log.contains("[kafkasim] postgres stopped"), log);
    }

    // ---------------------------------------------------------------------------------------------------------

    private PostgresBinaries.Installation fakeInstall(String initdbBody, String postgresBody) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("install/bin"));
        script(dir.resolve("initdb"), initdbBody);
        script(dir.resolve("postgres"), postgresBody);
        return new PostgresBinaries.Installation(dir.getParent(), false, 0);
    }

    private Path initialisedWorkDir(String name) throws IOException {
        Path work = tmp.resolve(name);
        Files.createDirectories(work.resolve("data"));
        Files.writeString(work.resolve("data/PG_VERSION"), "17\n");
        return work;
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setAttribute(file, "unix:mode", 0755);
    }

    private static int unusedPort() {
        return kafkasim.infra.FreePorts.pick();
    }
}
