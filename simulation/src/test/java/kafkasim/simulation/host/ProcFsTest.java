package kafkasim.simulation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFsTest {
    /** A real line of a JVM thread-named process, with fields 14 (utime) 15 (stime) 22 (starttime) set apart. */
    static final String STAT_TAIL = " S 6401 6401 4268 0 -1 4194304 97 0 2 0 1234 567 8 9 20 0 1 0 65060 3133440 382"
            + " 18446744073709551615 94470710046720 94470710066601 140725274466368 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";

    @Test
    void statFieldsAreCountedAfterTheLastParenthesisOfTheCommand() {
        ProcFs.ProcessStat s = ProcFs.parseStat("6408 (cat)" + STAT_TAIL);
        assertEquals(6408, s.pid());
        assertEquals("cat", s.comm());
        assertEquals(1234, s.utimeTicks());
        assertEquals(567, s.stimeTicks());
        assertEquals(1801, s.cpuTicks());
        assertEquals(65060, s.startTicks());

        // a command name may hold spaces and parentheses (prctl/thread names: "java (x) y", ") 1 2 (")
        ProcFs.ProcessStat odd = ProcFs.parseStat("42 (my (odd) ) 7 8 name)" + STAT_TAIL + "\n");
        assertEquals(42, odd.pid());
        assertEquals("my (odd) ) 7 8 name", odd.comm());
        assertEquals(1234, odd.utimeTicks());
        assertEquals(567, odd.stimeTicks());
        assertEquals(65060, odd.startTicks());
    }

    @Test
    void aTruncatedOrForeignStatLineIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ProcFs.parseStat("42 (x) S 1 2 3"));
        assertThrows(IllegalArgumentException.class, () -> ProcFs.parseStat("no parentheses at all"));
    }

    @Test
    void cpuLineBusyExcludesIdleAndIowaitAndIgnoresGuestTime() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        ProcFs.CpuTimes t = ProcFs.parseCpuLine("cpu  50169 10 10302 66476 809 0 431 1849 700 3");
        assertEquals(50169 + 10 + 10302 + 66476 + 809 + 431 + 1849, t.totalTicks());
        assertEquals(50169 + 10 + 10302 + 431 + 1849, t.busyTicks());
        // older kernels print only user nice system idle
        assertEquals(new ProcFs.CpuTimes(30, 130), ProcFs.parseCpuLine("cpu 10 10 10 100"));
        assertThrows(IllegalArgumentException.class, () -> ProcFs.parseCpuLine("cpu0 1 2 3 4 5"));
    }

    @Test
    void busyPercentIsTheBusyShareOfTheTicksBetweenTwoReadings() {
        ProcFs.CpuTimes before = new ProcFs.CpuTimes(1000, 5000);
        assertEquals(75.0, new ProcFs.CpuTimes(1150, 5200).busyPctSince(before), 1e-9);
        assertEquals(100.0, new ProcFs.CpuTimes(1200, 5200).busyPctSince(before), 1e-9);
        assertEquals(Double.NaN, new ProcFs.CpuTimes(1000, 5000).busyPctSince(before));
    }

    @Test
    void vmRssIsReadInKilobytesAndAbsentForZombies() {
        String status = "Name:\tjava\nState:\tS (sleeping)\nVmPeak:\t 3000000 kB\nVmRSS:\t  550056 kB\nRssAnon:\t 1 kB\n";
        assertEquals(550056, ProcFs.parseVmRssKb(status));
        assertEquals(0, ProcFs.parseVmRssKb("Name:\tjava\nState:\tZ (zombie)\n"));
        assertThrows(IllegalArgumentException.class, () -> ProcFs.parseVmRssKb("VmRSS:\t 12 pages\n"));
    }

    @Test
    void coresAndUptime() {
        assertEquals(2, ProcFs.countCores("cpu  1 2 3 4\ncpu0 1 2 3 4\ncpu1 1 2 3 4\nintr 5 6\nctxt 7\n"));
        assertEquals(1234567, ProcFs.parseUptimeTicks("12345.67 23456.78\n", 100));
    }

    @Test
    void readsFilesUnderItsRootAndAGoneProcessIsNull(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("stat"), "cpu  10 0 10 80 0 0 0 0 0 0\ncpu0 10 0 10 80 0 0 0 0 0 0\n");
        Files.writeString(root.resolve("uptime"), "5.00 9.00\n");
        Files.createDirectories(root.resolve("7"));
        Files.writeString(root.resolve("7").resolve("stat"), "7 (a b)" + STAT_TAIL);
        Files.writeString(root.resolve("7").resolve("status"), "Name:\ta b\nVmRSS:\t 100 kB\n");
        ProcFs proc = new ProcFs(root);
        assertEquals(new ProcFs.CpuTimes(20, 100), proc.cpuTimes());
        assertEquals(1, proc.cores());
        assertEquals(500, proc.uptimeTicks(100));
        assertEquals(1801, proc.stat(7).cpuTicks());
        assertEquals(102400, proc.rssBytes(7));
        assertNull(proc.stat(8));
        assertEquals(0, proc.rssBytes(8));
    }
}
