package kafkasim.simulation.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import kafkasim.common.metrics.MetricRecordCodec;
import kafkasim.common.metrics.MetricRecordDedupe;
import kafkasim.common.metrics.MetricRecordException;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathMetricRecord;
import kafkasim.common.metrics.SeqRange;
import kafkasim.common.metrics.SeqRanges;
import kafkasim.common.metrics.SliceTotals;

/**
 * The per-path metric records of one run, as every reader must take them: decoded with the common
 * {@link MetricRecordCodec}, deduplicated by checkpoint id per subtask ({@link MetricRecordDedupe}: a restored job
 * publishes its restored checkpoint's records again), folded per path with {@link SliceTotals} (the report job's
 * fold too). Keeps every accepted slice (with its window start), so totals can also be folded from a point in time
 * on ({@link #totalsFrom}). Thread-safe; fed by {@link PathMetricsReader}.
 */
public final class PathMetrics {
    public static final List<String> PATHS = PathMetricRecord.PATHS;

    private final String runId;
    private final MetricRecordDedupe dedupe = new MetricRecordDedupe();
    private final Map<String, List<MetricSlice>> slices = new TreeMap<>();
    private final Map<String, SliceTotals> totals = new TreeMap<>();
    /** Per path and device: the seqs found missing and not filled since. */
    private final Map<String, Map<String, SeqRanges>> missing = new TreeMap<>();
    private final Map<String, Integer> intervalFrom = new HashMap<>();
    /** Per stream (path/subtask): the newest slice start seen, epoch ms. */
    private final Map<String, Map<Integer, Long>> newestSliceMs = new HashMap<>();
    /** Per path: the oldest slice start seen, epoch ms. */
    private final Map<String, Long> firstSliceMs = new HashMap<>();
    private long records;
    private long badRecords;
    private String lastProblem;

    public PathMetrics(String runId) {
        this.runId = runId;
        for (String path : PATHS) {
            slices.put(path, new ArrayList<>());
            totals.put(path, new SliceTotals());
            intervalFrom.put(path, 0);
            newestSliceMs.put(path, new HashMap<>());
            missing.put(path, new HashMap<>());
        }
    }

    /** Adds one log-topic line if it is a new metric record of this run; anything else is counted or ignored. */
    public synchronized void accept(byte[] line) {
        Optional<PathMetricRecord> decoded;
        try {
            decoded = MetricRecordCodec.decodeIfMetric(line);
        } catch (MetricRecordException e) {
            badRecords++;
            lastProblem = e.getMessage();
            return;
        }
        if (decoded.isEmpty() || !decoded.get().runId().equals(runId) || !dedupe.accept(decoded.get())) {
            return;
        }
        PathMetricRecord r = decoded.get();
        records++;
        SliceTotals whole = totals.get(r.path());
        List<MetricSlice> kept = slices.get(r.path());
        Map<Integer, Long> newest = newestSliceMs.get(r.path());
        Map<String, SeqRanges> gaps = missing.get(r.path());
        for (MetricSlice s : r.slices()) {
            kept.add(s);
            whole.add(s);
            for (SeqRange gap : s.gaps()) {
                gaps.computeIfAbsent(gap.deviceId(), d -> new SeqRanges()).add(gap.fromSeq(), gap.toSeq());
            }
            for (SeqRange fill : s.filled()) {
                SeqRanges device = gaps.get(fill.deviceId());
                if (device != null) {
                    device.remove(fill.fromSeq()); // the device's gap and fill come from one subtask, in order
                }
            }
            newest.merge(r.subtask(), s.windowStartMs(), Math::max);
            firstSliceMs.merge(r.path(), s.windowStartMs(), Math::min);
        }
    }

    /** The seqs {@code path} found missing and not filled since, per device (copies). */
    public synchronized Map<String, SeqRanges> missing(String path) {
        Map<String, SeqRanges> copy = new HashMap<>();
        missing.get(path).forEach((device, ranges) -> {
            if (!ranges.isEmpty()) {
                copy.put(device, SeqRanges.of(ranges.toArray()));
            }
        });
        return copy;
    }

    /** A snapshot of the totals of every path for the whole run so far. */
    public synchronized Map<String, SliceTotals> totals() {
        Map<String, SliceTotals> copy = new TreeMap<>();
        totals.forEach((k, v) -> copy.put(k, v.copy()));
        return copy;
    }

    /** Messages {@code path} completed so far (cheap: no histogram copy). */
    public synchronized long received(String path) {
        return totals.get(path).received();
    }

    /**
     * The start of the first second in which {@code path} completed a message, epoch ms; -1 if it completed none.
     */
    public synchronized long firstCompletedSecondMs(String path) {
        return slices.get(path).stream().filter(s -> s.received() > 0).mapToLong(MetricSlice::windowStartMs).min()
                .orElse(-1);
    }

    /** Messages {@code path} completed again so far. */
    public synchronized long duplicates(String path) {
        return totals.get(path).duplicates();
    }

    /** Messages {@code path} found missing so far (seq gaps). */
    public synchronized long lost(String path) {
        return totals.get(path).lost();
    }

    /** The totals of {@code path}'s slices whose second starts in [{@code fromMs}, {@code toMs}) (epoch ms). */
    public synchronized SliceTotals totalsIn(String path, long fromMs, long toMs) {
        return SliceTotals.of(slices.get(path).stream()
                .filter(s -> s.windowStartMs() >= fromMs && s.windowStartMs() < toMs).toList());
    }

    /** The totals of {@code path}'s slices whose second starts at or after {@code fromMs} (epoch ms). */
    public synchronized SliceTotals totalsFrom(String path, long fromMs) {
        return SliceTotals.of(slices.get(path).stream().filter(s -> s.windowStartMs() >= fromMs).toList());
    }

    /** Every accepted slice of {@code path}, in arrival order (a copy). */
    public synchronized List<MetricSlice> slices(String path) {
        return List.copyOf(slices.get(path));
    }

    /** The totals of the slices accepted since the previous call, then starts a new interval. */
    public synchronized Map<String, SliceTotals> takeInterval() {
        Map<String, SliceTotals> result = new TreeMap<>();
        for (String path : PATHS) {
            List<MetricSlice> all = slices.get(path);
            result.put(path, SliceTotals.of(all.subList(intervalFrom.get(path), all.size())));
            intervalFrom.put(path, all.size());
        }
        return result;
    }

    /**
     * What {@code path} completed in the last {@code spanMs} for which every subtask has reported: records arrive
     * once per checkpoint, so the newest seconds are incomplete. The span ends at the oldest of the subtasks' newest
     * slice starts (that second is still partial, so it is excluded) and is shorter at the start of a run.
     */
    public synchronized Recent recent(String path, long spanMs) {
        Map<Integer, Long> newest = newestSliceMs.get(path);
        if (newest.isEmpty()) {
            return new Recent(new SliceTotals(), 0, 0);
        }
        long endMs = newest.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        List<MetricSlice> all = slices.get(path);
        long fromMs = Math.max(endMs - spanMs, firstSliceMs.get(path));
        List<MetricSlice> in = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) { // newest records last: stop once far enough back
            MetricSlice s = all.get(i);
            if (s.windowStartMs() >= fromMs && s.windowStartMs() < endMs) {
                in.add(s);
            } else if (s.windowStartMs() < fromMs - RECENT_LOOKBACK_MS) {
                break;
            }
        }
        return new Recent(SliceTotals.of(in), Math.max(0, endMs - fromMs), endMs);
    }

    /** How far behind the span {@link #recent} still looks for slices of slower subtasks, ms. */
    static final long RECENT_LOOKBACK_MS = 60_000;

    /**
     * {@link #recent}'s answer: the totals over {@code spanMs} milliseconds (0: nothing reported yet), ending at
     * {@code endMs} (epoch ms; 0: nothing reported yet).
     */
    public record Recent(SliceTotals totals, long spanMs, long endMs) {
        /** Messages per second over the span (0 when it is empty). */
        public double ratePerSec() {
            return spanMs == 0 ? 0 : totals.received() * 1000.0 / spanMs;
        }
    }

    /** Metric records of this run accepted. */
    public synchronized long records() {
        return records;
    }

    /** Metric records of this run dropped as already accepted (republished after a restore). */
    public synchronized long republished() {
        return dedupe.dropped();
    }

    /** Lines that are no log record or broken metric records. */
    public synchronized long badRecords() {
        return badRecords;
    }

    /** The problem of the last bad record, or null. */
    public synchronized String lastProblem() {
        return lastProblem;
    }
}
