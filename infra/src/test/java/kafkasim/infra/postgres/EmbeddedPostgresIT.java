package kafkasim.infra.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** A real PostgreSQL server, one per class; the last test stops it and starts it again on the same data. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedPostgresIT {
    @TempDir
    static Path tempDir;
    static Path workDir;
    static EmbeddedPostgres pg;

    @BeforeAll
    static void startServer() {
        workDir = tempDir.resolve("pg");
        pg = EmbeddedPostgres.start(workDir);
        System.out.println("PostgreSQL ready in " + pg.startupMillis() + " ms (binaries " + pg.binaries().millis()
                + " ms" + (pg.binaries().extracted() ? ", unpacked now" : ", cached") + ", initdb " + pg.initdbMillis()
                + " ms) at " + pg.jdbcUrl());
    }

    @AfterAll
    static void stopServer() {
        try {
            if (pg != null) {
                pg.close();
            }
        } finally {
            if (workDir != null) {
                PostgresProcesses.killAllMentioning(workDir.resolve("data"));
            }
        }
    }

    @Test
    @Order(1)
    void describesItself() throws Exception {
        assertTrue(pg.jdbcUrl().startsWith("jdbc:postgresql://127.0.0.1:"), pg.jdbcUrl());
        assertEquals("jdbc:postgresql://127.0.0.1:" + pg.port() + "/kafkasim", pg.jdbcUrl());
        assertEquals("postgres", pg.user());
        assertEquals(workDir.toAbsolutePath().normalize(), pg.workDir());
        assertEquals(pg.workDir().resolve("postgres.log"), pg.logFile());
        assertTrue(pg.isAlive());
        assertTrue(ProcessHandle.of(pg.pid()).map(ProcessHandle::isAlive).orElse(false), "watcher alive");
        assertTrue(pg.serverPid() > 0 && ProcessHandle.of(pg.serverPid()).isPresent(), "postmaster " + pg.serverPid());
        assertEquals(pg.pid(), ProcessHandle.of(pg.serverPid()).flatMap(ProcessHandle::parent)
                .map(ProcessHandle::pid).orElse(-1L), "postgres is the watcher's child");
        List<Long> tree = pg.processes().stream().map(ProcessHandle::pid).toList();
        assertEquals(pg.pid(), tree.get(0), "the watcher first: " + tree);
        assertTrue(tree.contains(pg.serverPid()) && tree.size() > 2,
                "the whole tree, postmaster and its helper processes included: " + tree);
        assertTrue(pg.startupMillis() > 0 && pg.startupMillis() < 60_000, "startup " + pg.startupMillis());
        assertTrue(Files.isRegularFile(pg.dataDir().resolve("PG_VERSION")));
        if (Uids.current() == 0) {
            int owner = (Integer) Files.getAttribute(pg.dataDir(), "unix:uid");
            assertTrue(owner != 0, "as root the data directory belongs to the unprivileged user, not " + owner);
            int serverUid = (Integer) Files.getAttribute(Path.of("/proc", Long.toString(pg.serverPid())), "unix:uid");
            assertEquals(owner, serverUid, "the server runs as the data directory's owner");
        }
        try (Connection c = pg.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_database(), current_user, current_setting('fsync'), "
                     + "current_setting('server_encoding'), current_setting('listen_addresses')")) {
            assertTrue(rs.next());
            assertEquals("kafkasim", rs.getString(1));
            assertEquals("postgres", rs.getString(2));
            assertEquals("off", rs.getString(3));
            assertEquals("UTF8", rs.getString(4));
            assertEquals("127.0.0.1", rs.getString(5));
        }
    }

    @Test
    @Order(2)
    void batchInsertWithOnConflictIsIdempotent() throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "")) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE readings (device_id TEXT NOT NULL, seq BIGINT NOT NULL, value DOUBLE PRECISION, "
                        + "PRIMARY KEY (device_id, seq))");
            }
            c.setAutoCommit(false);
            assertEquals(1000, insertBatch(c));
            c.commit();
            assertEquals(0, insertBatch(c), "the second batch conflicts on every row");
            c.commit();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM readings")) {
                assertTrue(rs.next());
                assertEquals(1000, rs.getLong(1));
            }
        }
    }

    private static int insertBatch(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO readings (device_id, seq, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (int i = 0; i < 1000; i++) {
                ps.setString(1, "dev-" + (i % 10));
                ps.setLong(2, i);
                ps.setDouble(3, i * 0.5);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            assertEquals(1000, counts.length);
            return Arrays.stream(counts).sum();
        }
    }

    @Test
    @Order(3)
    void rejectsReservedSettings() {
        assertThrows(IllegalArgumentException.class,
                () -> EmbeddedPostgres.start(tempDir.resolve("other"), java.util.Map.of("port", "5432"),
                        EmbeddedPostgres.DEFAULT_STARTUP_TIMEOUT));
    }

    @Test
    @Order(10)
    void closeStopsEverythingAndARestartKeepsTheData() throws Exception {
        int port = pg.port();
        Path dataDir = pg.dataDir();
        assertFalse(PostgresProcesses.mentioning(dataDir).isEmpty(), "the server names its data directory");
        long t0 = System.nanoTime();
        pg.close();
        long closeMillis = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(pg.isAlive());
        assertFalse(PostgresProcesses.accepts(port), "port " + port + " still accepts connections after close()");
        List<String> left = PostgresProcesses.mentioning(dataDir);
        assertTrue(left.isEmpty(), "processes of " + dataDir + " left after close(): " + left);
        assertFalse(Files.exists(dataDir.resolve("postmaster.pid")), "clean shutdown removes postmaster.pid");
        assertTrue(Files.readString(pg.logFile()).contains("received fast shutdown request"), "SIGINT = fast shutdown");
        pg.close(); // harmless

        EmbeddedPostgres again = EmbeddedPostgres.start(workDir);
        try {
            System.out.println("close took " + closeMillis + " ms; restart on the same data ready in "
                    + again.startupMillis() + " ms (initdb " + again.initdbMillis() + " ms)");
            assertEquals(0, again.initdbMillis(), "initdb is skipped for an existing cluster");
            try (Connection c = again.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM readings")) {
                assertTrue(rs.next());
                assertEquals(1000, rs.getLong(1));
            }
        } finally {
            again.close();
        }
        assertTrue(PostgresProcesses.mentioning(dataDir).isEmpty());
        assertArrayEquals(new int[0], new int[0]);
    }
}
