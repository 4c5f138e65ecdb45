package kafkasim.infra.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import kafkasim.infra.ChildProcesses;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing how initdb/postgres are launched, root vs non-root (probes faked, except where noted). */
class RunAsTest {
    private static final Function<String, int[]> NOBODY = u -> "nobody".equals(u) ? new int[] {65534, 65534} : null;

    @Test
    void nonRootRunsDirectlyWithAParentDeathSignalWhenSetprivWorks() {
        RunAs runAs = RunAs.detect(1000, "nobody", NOBODY, cmd -> true);
        assertEquals(RunAs.Mode.DIRECT, runAs.mode);
        assertFalse(runAs.switchesUser());
        assertEquals(List.of("setpriv", "--pdeathsig=INT", "--"), runAs.prefix("INT"));
        assertEquals(List.of("setpriv", "--pdeathsig=TERM", "--", "x"), runAs.command("TERM", List.of("x")));
    }

    @Test
    void nonRootWithoutSetprivRunsThePlainCommand() {
        RunAs runAs = RunAs.detect(1000, "nobody", NOBODY, cmd -> false);
        assertEquals(List.of(), runAs.prefix("INT"));
        assertEquals(List.of("/opt/pg/bin/postgres"), runAs.command("INT", List.of("/opt/pg/bin/postgres")));
    }

    @Test
    void rootPrefersSetprivWithNumericIdsClearedGroupsAndPdeathsig() {
        List<List<String>> probes = new ArrayList<>();
        RunAs runAs = RunAs.detect(0, "nobody", NOBODY, cmd -> probes.add(cmd));
        assertEquals(RunAs.Mode.SETPRIV, runAs.mode);
        assertTrue(runAs.switchesUser());
        assertEquals(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--pdeathsig=INT", "--"),
                runAs.prefix("INT"));
        assertEquals(1, probes.size(), "the first working candidate is taken: " + probes);
        assertEquals("true", probes.get(0).get(probes.get(0).size() - 1));
    }

    @Test
    void rootUsesSetprivWithoutPdeathsigOnOldUtilLinux() {
        Predicate<List<String>> noPdeathsig = cmd -> cmd.get(0).equals("setpriv")
                && cmd.stream().noneMatch(a -> a.startsWith("--pdeathsig"));
        RunAs runAs = RunAs.detect(0, "nobody", NOBODY, noPdeathsig);
        assertEquals(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"), runAs.prefix("INT"));
    }

    @Test
    void rootFallsBackToRunuser() {
        RunAs runAs = RunAs.detect(0, "nobody", NOBODY, cmd -> cmd.get(0).equals("runuser"));
        assertEquals(RunAs.Mode.RUNUSER, runAs.mode);
        assertEquals(List.of("runuser", "-u", "nobody", "--"), runAs.prefix("INT"));
    }

    @Test
    void rootWithNeitherToolExplainsWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RunAs.detect(0, "nobody", NOBODY, cmd -> false));
        assertTrue(e.getMessage().contains("refuses to run as root"), e.getMessage());
        assertTrue(e.getMessage().contains("setpriv --reuid=65534"), e.getMessage());
        assertTrue(e.getMessage().contains("runuser -u nobody"), e.getMessage());
        assertTrue(e.getMessage().contains("non-root user"), e.getMessage());
    }

    @Test
    void rootWithAMissingOrPrivilegedUserExplainsWhatToDo() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> RunAs.detect(0, "pguser", NOBODY, cmd -> true));
        assertTrue(missing.getMessage().contains("'pguser', but there is no such user"), missing.getMessage());
        assertTrue(missing.getMessage().contains(RunAs.USER_PROPERTY), missing.getMessage());
        IllegalStateException root = assertThrows(IllegalStateException.class,
                () -> RunAs.detect(0, "toor", u -> new int[] {0, 0}, cmd -> true));
        assertTrue(root.getMessage().contains("uid 0"), root.getMessage());
    }

    @Test
    void searchPermissionFollowsOwnerGroupOther() {
        RunAs runAs = new RunAs(RunAs.Mode.SETPRIV, true, "nobody", 65534, 65534);
        assertTrue(runAs.canSearch(0700, 65534, 0));
        assertFalse(runAs.canSearch(0077, 65534, 0), "the owner class decides for the owner");
        assertTrue(runAs.canSearch(0710, 0, 65534));
        assertFalse(runAs.canSearch(0700, 0, 0));
        assertTrue(runAs.canSearch(0701, 0, 0));
    }

    @Test
    void onThisMachineRootSwitchesUsersThroughSetpriv() {
        assumeTrue(Uids.current() == 0, "runs as root only");
        RunAs runAs = RunAs.detect();
        assertTrue(runAs.switchesUser(), runAs.toString());
        assertTrue(runAs.uid != 0);
        assertTrue(ChildProcesses.exitsZero(runAs.command("TERM", List.of("true"))));
    }

    @Test
    void rootMakesTheWorkDirectoryReachableAndTheDataDirectoryOwned(@TempDir Path tmp) throws Exception {
        assumeTrue(Uids.current() == 0, "runs as root only");
        RunAs runAs = new RunAs(RunAs.Mode.SETPRIV, true, "nobody", 65534, 65534);
        Path closed = Files.createDirectories(tmp.resolve("closed"));
        Files.setAttribute(closed, "unix:mode", 0700);
        Files.setAttribute(tmp, "unix:mode", 0700);
        Path work = Files.createDirectories(closed.resolve("work"));
        Files.setAttribute(work, "unix:mode", 0750);
        List<String> notes = new ArrayList<>();
        runAs.ensureReachable(work, notes::add);
        assertEquals(0701, mode(tmp));
        assertEquals(0701, mode(closed));
        assertEquals(0751, mode(work));
        assertEquals(3, notes.size(), notes.toString());
        notes.clear();
        runAs.ensureReachable(work, notes::add);
        assertEquals(List.of(), notes, "nothing to do the second time");

        Path data = work.resolve("data");
        Files.createDirectories(data.resolve("base"));
        Files.writeString(data.resolve("base/file"), "x");
        runAs.ownedDir(data);
        assertEquals(0700, mode(data));
        assertEquals(65534, (int) (Integer) Files.getAttribute(data, "unix:uid"));
        assertEquals(65534, (int) (Integer) Files.getAttribute(data.resolve("base/file"), "unix:uid"));
        assertTrue(ChildProcesses.exitsZero(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                "test", "-w", data.resolve("base/file").toString())), "the user can write inside");
    }

    private static int mode(Path p) throws Exception {
        return ((Integer) Files.getAttribute(p, "unix:mode")) & 07777;
    }
}
