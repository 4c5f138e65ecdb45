package kafkasim.infra.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kafkasim.infra.FreePorts;
import kafkasim.infra.ChildProcesses;

/** As root, the runuser fallback (used where setpriv does not work) starts and stops a real server too. */
class EmbeddedPostgresRunuserIT {

    @Test
    void runuserFallbackStartsAndStopsCleanly(@TempDir Path dir) throws Exception {
        assumeTrue(Uids.current() == 0, "runs as root only");
        RunAs runuser = new RunAs(RunAs.Mode.RUNUSER, false, RunAs.DEFAULT_USER, RunAs.detect().uid, RunAs.detect().gid);
        assumeTrue(ChildProcesses.exitsZero(runuser.command("TERM", List.of("true"))), "runuser works here");
        Path dataDir = dir.resolve("data");
        EmbeddedPostgres pg = EmbeddedPostgres.start(dir, EmbeddedPostgres.DEFAULT_SETTINGS,
                EmbeddedPostgres.DEFAULT_STARTUP_TIMEOUT, PostgresBinaries::install, () -> runuser, FreePorts::pick);
        try {
            try (Connection c = pg.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_database()")) {
                assertTrue(rs.next());
                assertEquals("kafkasim", rs.getString(1));
            }
            int serverUid = (Integer) Files.getAttribute(Path.of("/proc", Long.toString(pg.serverPid())), "unix:uid");
            assertEquals(runuser.uid, serverUid, "postgres runs as " + runuser.user);
        } finally {
            pg.close();
            try {
                assertEquals(List.of(), PostgresProcesses.awaitNoneMentioning(dataDir, 5_000));
                assertFalse(PostgresProcesses.accepts(pg.port()));
                assertTrue(Files.readString(pg.logFile()).contains("received fast shutdown request"),
                        "SIGINT reached postgres under runuser");
            } finally {
                PostgresProcesses.killAllMentioning(dataDir);
            }
        }
    }
}
