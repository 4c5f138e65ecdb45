package kafkasim.simulation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import kafkasim.common.process.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor against real processes: a child JVM that burns CPU, and this JVM. */
class HostMonitorTest {
    static final long INTERVAL_MS = 200;

    /** Waits until the monitor has sampled what the test needs (no fixed sleeps: the machine may be busy). */
    private static HostUsage awaitUsage(HostMonitor m, Predicate<HostUsage> signal, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HostUsage u = m.usage();
        while (!signal.test(u)) {
            assertTrue(System.nanoTime() < deadline, "not sampled in " + timeout + ": " + u);
            Thread.sleep(50);
            u = m.usage();
        }
        return u;
    }

    @Test
    void seesTheCpuAndMemoryOfAChildThatBurnsACoreAndKeepsThemAfterItExits() throws Exception {
        assumeTrue(ProcFs.system().available(), "needs Linux /proc");
        Process burner = ChildJvm.of(CpuBurner.class).jvmArgs("-Xmx32m").start();
        HostMonitor m = HostMonitor.start(ProcFs.system(), INTERVAL_MS);
        assertNotNull(m);
        try {
            ProcessHandle handle = burner.toHandle();
            m.watch("burner", () -> List.of(handle));
            m.watch(HostMonitor.ORCHESTRATOR, () -> List.of(ProcessHandle.current()));
            Thread.sleep(INTERVAL_MS); // a little "start-up" before the measured phase
            m.startMeasuredPhase();
            HostUsage u = awaitUsage(m, x -> x.processes().get("burner").cpuSec() > 0.5, Duration.ofSeconds(60));
            HostUsage.RoleUsage b = u.processes().get("burner");
            assertTrue(b.peakRssMb() > 0, b.toString());
            assertEquals(1, b.processCount());
            assertTrue(u.samples() > 0 && u.cpuBusyPct().max() > 0, u.toString());
            assertTrue(m.lastCpuBusyPct() >= 0 && m.lastCpuBusyPct() <= 100, "progress line: " + m.lastCpuBusyPct());
            assertEquals(List.of("orchestrator", "burner"), List.copyOf(u.processes().keySet()),
                    "known roles first, in summary order");

            burner.destroyForcibly();
            assertTrue(burner.waitFor(10, TimeUnit.SECONDS));
            long samplesAtExit = u.samples();
            HostUsage after = awaitUsage(m, x -> x.samples() > samplesAtExit + 2, Duration.ofSeconds(30));
            assertTrue(after.processes().get("burner").cpuSec() >= b.cpuSec(), "an exited process keeps its CPU time: "
                    + after);

            HostUsage last = m.stop();
            assertSame(last, m.stop(), "stop is idempotent");
            assertTrue(last.cores() >= 1, last.toString());
            assertTrue(last.measuredSec() > 0 && last.measuredSec() < last.wallSec(), last.toString());
            assertTrue(last.processes().get("burner").measuredCpuPct() > 0, last.toString());
            long samples = last.samples();
            Thread.sleep(3 * INTERVAL_MS);
            assertEquals(samples, m.usage().samples(), "no samples after stop");
        } finally {
            m.close();
            burner.destroyForcibly();
        }
    }

    @Test
    void aRoleThatThrowsIsCountedAndTheOthersAreStillSampled() throws Exception {
        assumeTrue(ProcFs.system().available(), "needs Linux /proc");
        HostMonitor m = HostMonitor.start(ProcFs.system(), INTERVAL_MS);
        assertNotNull(m);
        try {
            m.watch("broken", () -> {
                throw new IllegalStateException("closed");
            });
            m.watch(HostMonitor.ORCHESTRATOR, () -> List.of(ProcessHandle.current()));
            HostUsage u = awaitUsage(m, x -> x.sampleErrors() >= 2
                    && x.processes().get(HostMonitor.ORCHESTRATOR).peakRssMb() > 0, Duration.ofSeconds(30));
            assertEquals("java.lang.IllegalStateException: closed", m.firstError());
            assertTrue(u.processes().containsKey("broken"), u.toString());
            assertThrows(IllegalArgumentException.class, () -> m.watch(HostMonitor.ORCHESTRATOR, List::of));
        } finally {
            m.close();
        }
    }

    @Test
    void withoutProcThereIsNoMonitor(@TempDir Path empty) {
        assertNull(HostMonitor.start(new ProcFs(empty), INTERVAL_MS));
    }
}
