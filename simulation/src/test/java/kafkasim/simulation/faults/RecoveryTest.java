package kafkasim.simulation.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kafkasim.common.metrics.Histograms;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathCounters;
import org.junit.jupiter.api.Test;

class RecoveryTest {
    private static final long T0 = 1_800_000_000_000L; // clock start, epoch ms (a whole second)

    /** A path completing {@code rate} per second, except {@code 0} from {@code downFrom} for {@code downSec}. */
    private static List<MetricSlice> path(int seconds, long rate, int downFrom, int downSec, long burst) {
        List<MetricSlice> slices = new ArrayList<>();
        String empty = Histograms.encode(Histograms.create());
        for (int s = 0; s < seconds; s++) {
            long n = s >= downFrom && s < downFrom + downSec ? 0 : s == downFrom + downSec ? rate + burst : rate;
            slices.add(new MetricSlice(T0 + s * 1000L, 1000, n, 0, 0, empty, PathCounters.ZERO));
        }
        return slices;
    }

    private static AppliedFault fault(int atSec) {
        return new AppliedFault(atSec, "kill-broker", "1", 10, false, "killed", null, null, T0 + atSec * 1000L,
                T0 + (atSec + 10) * 1000L, null, null);
    }

    @Test
    void eachPathRecoversWhenItsRateIsBack() {
        Map<String, List<MetricSlice>> paths = new LinkedHashMap<>();
        paths.put("fast", path(60, 100, 20, 12, 1200));  // down 12 s, then a catch-up burst
        paths.put("medium", path(60, 100, 99, 0, 0));   // untouched
        AppliedFault f = Recovery.of(fault(20), paths, T0, T0 + 60_000, 5);
        // back at 32 s: the burst cannot hide the seconds without completions before it
        assertEquals(Map.of("fast", 12.0, "medium", 0.0), f.recoverySecByPath());
        assertEquals(12.0, f.recoverySec());
    }

    @Test
    void aPathThatCompletesOnCheckpointsMayBeIdleForAsLongAsBefore() {
        List<MetricSlice> slow = new ArrayList<>();
        String empty = Histograms.encode(Histograms.create());
        for (int s = 0; s < 60; s++) { // 200 every other second, none from 20 to 29
            long n = s >= 20 && s < 30 || s % 2 == 1 ? 0 : 200;
            slow.add(new MetricSlice(T0 + s * 1000L, 1000, n, 0, 0, empty, PathCounters.ZERO));
        }
        AppliedFault f = Recovery.of(fault(20), Map.of("slow", slow), T0, T0 + 60_000, 6);
        assertEquals(Map.of("slow", 9.0), f.recoverySecByPath(), "one idle second allowed, as before the fault");
    }

    @Test
    void aPathNotBackBeforeTheStopHasNoRecoveryTime() {
        Map<String, List<MetricSlice>> paths = new LinkedHashMap<>();
        paths.put("fast", path(60, 100, 40, 30, 0));
        paths.put("slow", path(60, 100, 99, 0, 0));
        AppliedFault f = Recovery.of(fault(40), paths, T0, T0 + 60_000, 5);
        assertNull(f.recoverySecByPath().get("fast"));
        assertEquals(0.0, f.recoverySecByPath().get("slow"));
        assertNull(f.recoverySec(), "not every path recovered");
    }

    @Test
    void aFaultTooEarlyToKnowTheRateBeforeCannotBeJudged() {
        Map<String, List<MetricSlice>> paths = Map.of("fast", path(60, 100, 1, 5, 0));
        assertNull(Recovery.of(fault(1), paths, T0, T0 + 60_000, 5).recoverySec());
        AppliedFault notApplied = new AppliedFault(5, "kill-worker", "9", null, false, null, null, "no worker 9",
                T0, T0, null, null);
        assertEquals(notApplied, Recovery.of(notApplied, paths, T0, T0 + 60_000, 5));
    }
}
