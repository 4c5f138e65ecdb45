package kafkasim.simulation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class UsageAccumulatorTest {
    static final long MB = 1024 * 1024;

    private static UsageAccumulator.Reading r(long pid, long startTicks, long cpuTicks, long rssMb) {
        return new UsageAccumulator.Reading(pid, startTicks, cpuTicks, rssMb * MB);
    }

    @Test
    void percentilesAreNearestRankOverThePerSecondSamples() {
        UsageAccumulator a = new UsageAccumulator(0, 100);
        for (int i = 1; i <= 100; i++) {
            a.hostSample(i, 1000); // 1 %, 2 %, … 100 %
        }
        assertEquals(50.0, a.busyPercentile(50));
        assertEquals(99.0, a.busyPercentile(99));
        assertEquals(100.0, a.busyPercentile(100));
        HostUsage u = a.summary(2, 100, 100, 0);
        assertEquals(new HostUsage.CpuBusyPct(50, 99, 100, 50.5), u.cpuBusyPct());
        assertEquals(100, u.samples());
        // 91 … 100 are above 90 %: 10 of 100 seconds
        assertEquals(10.0, u.cpuAbove90PctSec());
        assertEquals(0.1, u.cpuAbove90PctFraction());
    }

    @Test
    void exactlyNinetyIsNotSaturatedAndTheFractionWeighsSecondsNotSamples() {
        UsageAccumulator a = new UsageAccumulator(0, 100);
        a.hostSample(90.0, 1000);
        a.hostSample(90.2, 500); // a short final sample counts for its half second
        a.hostSample(Double.NaN, 1000); // no tick passed: not a sample
        a.hostSample(12.3, 1500);
        HostUsage u = a.summary(2, 3, 3, 0);
        assertEquals(3, u.samples());
        assertEquals(0.5, u.cpuAbove90PctSec());
        assertEquals(0.167, u.cpuAbove90PctFraction());
        assertEquals(90.2, u.cpuBusyPct().max());
    }

    @Test
    void noSamplesIsAllZero() {
        HostUsage u = new UsageAccumulator(0, 100).summary(2, 0, 0, 3);
        assertEquals(new HostUsage.CpuBusyPct(0, 0, 0, 0), u.cpuBusyPct());
        assertEquals(0, u.cpuAbove90PctFraction());
        assertEquals(3, u.sampleErrors());
    }

    @Test
    void cpuSecondsCountOnlyWhatWasUsedDuringTheRun() {
        UsageAccumulator a = new UsageAccumulator(10_000, 100);
        // started before the monitor (ticks 5,000): its 300 ticks of start-up are not part of the run
        a.roleSample("orchestrator", List.of(r(1, 5_000, 300, 100)));
        // started during the run: everything it used counts, from the start (its JVM start-up is load on the host)
        a.roleSample("workers", List.of(r(2, 10_050, 40, 50)));
        a.roleSample("orchestrator", List.of(r(1, 5_000, 350, 120)));
        a.roleSample("workers", List.of(r(2, 10_050, 140, 60), r(3, 10_200, 60, 70)));
        // worker 2 exited (no reading): it keeps its last sample; worker 3 was restarted under the same pid
        a.roleSample("workers", List.of(r(3, 10_900, 20, 40)));
        a.roleSample("postgres", List.of());
        HostUsage u = a.summary(2, 10, 10, 0);
        assertEquals(List.of("orchestrator", "workers", "postgres"), List.copyOf(u.processes().keySet()));
        HostUsage.RoleUsage orchestrator = u.processes().get("orchestrator");
        assertEquals(0.5, orchestrator.cpuSec());
        assertEquals(5.0, orchestrator.cpuPct());
        assertEquals(120, orchestrator.peakRssMb());
        HostUsage.RoleUsage workers = u.processes().get("workers");
        assertEquals(1.4 + 0.6 + 0.2, workers.cpuSec(), 1e-9);
        assertEquals(22.0, workers.cpuPct());
        assertEquals(130, workers.peakRssMb(), "the role's summed RSS at its largest sample");
        assertEquals(3, workers.processCount());
        assertEquals(new HostUsage.RoleUsage(0, 0, 0, 0, 0), u.processes().get("postgres"));
    }

    @Test
    void aCounterNeverRunsBackwards() {
        UsageAccumulator a = new UsageAccumulator(0, 100);
        a.roleSample("kafka", List.of(r(9, 1, 500, 1)));
        a.roleSample("kafka", List.of(r(9, 1, 400, 1))); // a bad read must not undo what was counted
        assertEquals(5.0, a.summary(1, 1, 1, 0).processes().get("kafka").cpuSec());
    }

    @Test
    void startUpCostsCpuSecondsButTheHostLoadAndTheSharesCountFromTheMeasuredPhase() {
        UsageAccumulator a = new UsageAccumulator(0, 100);
        // 10 s of start-up at 100 %: kafka starts (600 ticks)
        for (int i = 0; i < 10; i++) {
            a.hostSample(100, 1000);
        }
        a.roleSample("kafka", List.of(r(9, 1, 600, 400)));
        a.startMeasuredPhase();
        // 20 measured seconds at 50 % of 2 cores; kafka uses 400 more ticks (4 s = 20 % of a core)
        for (int i = 0; i < 20; i++) {
            a.hostSample(50, 1000);
        }
        a.roleSample("kafka", List.of(r(9, 1, 1000, 300)));
        // a worker that starts in the measured phase counts from 0: 2 s = 10 % of a core
        a.roleSample("workers", List.of(r(10, 50, 200, 60)));
        HostUsage u = a.summary(2, 30, 20, 0);
        assertEquals(new HostUsage.CpuBusyPct(50, 50, 50, 50), u.cpuBusyPct(), "start-up's 100 % is not in it");
        assertEquals(0, u.cpuAbove90PctFraction());
        assertEquals(20, u.samples());
        HostUsage.RoleUsage kafka = u.processes().get("kafka");
        assertEquals(10.0, kafka.cpuSec(), "start-up included");
        assertEquals(33.3, kafka.cpuPct());
        assertEquals(20.0, kafka.measuredCpuPct());
        assertEquals(400, kafka.peakRssMb());
        assertEquals(10.0, u.processes().get("workers").measuredCpuPct());
        // the host was 50 % busy, the listed processes explain 30 % of one core = 15 % of two: 35 % is someone else's
        assertEquals(35.0, u.unlistedCpuPct());
        assertEquals(20.0, u.measuredSec());
        assertEquals(30.0, u.wallSec());
    }
}
