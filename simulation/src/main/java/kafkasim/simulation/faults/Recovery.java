package kafkasim.simulation.faults;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import kafkasim.common.metrics.MetricSlice;

/**
 * How long each path took to get back to its pre-fault rate. The rate before, R = messages completed per second
 * over the {@value #BEFORE_SEC} s before the fault (at least {@value #MIN_BEFORE_SEC} s of them after the clock
 * started). Recovered = the first second s from the fault on from which the path keeps pace for {@code windowSec}
 * seconds: for every t up to s + windowSec, it completed at least {@value #RECOVERED_SHARE} × R × (t − s), less
 * R × g, where g is the longest run of seconds without completions before the fault (the medium and slow paths
 * complete in batches on checkpoints, so a second without completions is normal for them; for the fast path g is
 * 0). A catch-up burst cannot hide seconds without completions after s. A path the fault did not touch recovers in
 * 0 s; one that is not back before the generator stops has no recovery time (null).
 */
public final class Recovery {
    static final int BEFORE_SEC = 10;
    static final int MIN_BEFORE_SEC = 3;
    static final double RECOVERED_SHARE = 0.9;

    private Recovery() {
    }

    /**
     * @param slicesByPath  each path's accepted metric slices (completion seconds)
     * @param clockStartMs  epoch ms at which the run's clock started
     * @param stopMs        epoch ms at which the generator stopped
     * @param windowSec     the averaging window, seconds
     */
    public static AppliedFault of(AppliedFault fault, Map<String, List<MetricSlice>> slicesByPath, long clockStartMs,
                                  long stopMs, int windowSec) {
        if (fault.applied() == null) {
            return fault; // never happened: nothing to recover from
        }
        Map<String, Double> byPath = new LinkedHashMap<>();
        Double overall = 0.0;
        for (Map.Entry<String, List<MetricSlice>> e : slicesByPath.entrySet()) {
            Double sec = pathRecoverySec(perSecond(e.getValue()), fault.appliedAtMs(), clockStartMs, stopMs,
                    windowSec);
            byPath.put(e.getKey(), sec);
            overall = sec == null || overall == null ? null : Math.max(overall, sec);
        }
        return fault.withRecovery(overall, byPath);
    }

    static Double pathRecoverySec(NavigableMap<Long, Long> perSecond, long faultMs, long clockStartMs, long stopMs,
                                  int windowSec) {
        long faultSec = faultMs / 1000;
        long fromSec = Math.max(faultSec - BEFORE_SEC, ceilSec(clockStartMs));
        if (faultSec - fromSec < MIN_BEFORE_SEC) {
            return null;
        }
        double rate = sum(perSecond, fromSec, faultSec) / (double) (faultSec - fromSec);
        if (rate <= 0) {
            return null;
        }
        double slack = rate * longestIdleRun(perSecond, fromSec, faultSec);
        long lastStartSec = stopMs / 1000 - windowSec; // the window must end before the generator stopped
        for (long s = faultSec; s <= lastStartSec; s++) {
            if (keepsPace(perSecond, s, windowSec, rate, slack)) {
                return Math.max(0, s * 1000 - faultMs) / 1000.0;
            }
        }
        return null;
    }

    private static boolean keepsPace(NavigableMap<Long, Long> perSecond, long s, int windowSec, double rate,
                                     double slack) {
        long completed = 0;
        for (int k = 1; k <= windowSec; k++) {
            completed += perSecond.getOrDefault(s + k - 1, 0L);
            if (completed < RECOVERED_SHARE * rate * k - slack) {
                return false;
            }
        }
        return true;
    }

    /** The longest run of seconds in [fromSec, toSec) without completions. */
    static int longestIdleRun(NavigableMap<Long, Long> perSecond, long fromSec, long toSec) {
        int longest = 0;
        int run = 0;
        for (long s = fromSec; s < toSec; s++) {
            run = perSecond.getOrDefault(s, 0L) == 0 ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /** Completions per epoch second. */
    static NavigableMap<Long, Long> perSecond(List<MetricSlice> slices) {
        NavigableMap<Long, Long> counts = new TreeMap<>();
        for (MetricSlice s : slices) {
            counts.merge(s.windowStartMs() / 1000, s.received(), Long::sum);
        }
        return counts;
    }

    private static long sum(NavigableMap<Long, Long> perSecond, long fromSec, long toSecExclusive) {
        return perSecond.subMap(fromSec, true, toSecExclusive, false).values().stream().mapToLong(Long::longValue)
                .sum();
    }

    private static long ceilSec(long ms) {
        return (ms + 999) / 1000;
    }
}
