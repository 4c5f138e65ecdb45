package kafkasim.simulation.faults;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.SeqRange;
import kafkasim.common.metrics.SeqRanges;
import kafkasim.simulation.report.LossSplit;
import kafkasim.simulation.report.SendFailures;

/**
 * What one path lost and repeated because of one fault: the gaps it found and the repeats it saw from the fault
 * until the next fault (or the end), split by what the producer was told (see {@link LossSplit}). A gap shows when
 * the device's next message arrives, so it lands in the window of the fault that caused it.
 *
 * @param lostAcknowledged   seqs the broker had acknowledged that the path skipped
 * @param lostUnacknowledged seqs whose send failed that the path skipped
 * @param duplicates         messages the path saw again
 */
public record FaultLoss(long lostAcknowledged, long lostUnacknowledged, long duplicates) {
    /** The loss of the slices that start in {@code [fromMs, toMs)}. */
    public static FaultLoss in(List<MetricSlice> slices, long fromMs, long toMs, SendFailures failures) {
        Map<String, SeqRanges> missing = new HashMap<>();
        long duplicates = 0;
        for (MetricSlice s : slices) {
            if (s.windowStartMs() + s.windowMs() <= fromMs || s.windowStartMs() >= toMs) {
                continue;
            }
            duplicates += s.duplicates();
            for (SeqRange gap : s.gaps()) {
                missing.computeIfAbsent(gap.deviceId(), d -> new SeqRanges()).add(gap.fromSeq(), gap.toSeq());
            }
            for (SeqRange fill : s.filled()) {
                SeqRanges device = missing.get(fill.deviceId());
                if (device != null) {
                    device.remove(fill.fromSeq());
                }
            }
        }
        LossSplit split = LossSplit.of(missing, failures);
        return new FaultLoss(split.lostAcknowledged(), split.lostUnacknowledged(), duplicates);
    }

    /** Each applied fault with its loss per path: from its application until the next fault's. */
    public static List<AppliedFault> attribute(List<AppliedFault> faults, Map<String, List<MetricSlice>> slicesByPath,
                                               SendFailures failures) {
        List<AppliedFault> byTime = new ArrayList<>(faults);
        byTime.sort(Comparator.comparingLong(AppliedFault::appliedAtMs));
        List<AppliedFault> out = new ArrayList<>();
        for (AppliedFault f : faults) {
            if (f.applied() == null) {
                out.add(f);
                continue;
            }
            long untilMs = byTime.stream().mapToLong(AppliedFault::appliedAtMs).filter(t -> t > f.appliedAtMs())
                    .min().orElse(Long.MAX_VALUE);
            Map<String, FaultLoss> byPath = new LinkedHashMap<>();
            slicesByPath.forEach((path, slices) -> byPath.put(path, in(slices, f.appliedAtMs(), untilMs, failures)));
            out.add(f.withLoss(byPath));
        }
        return out;
    }
}
