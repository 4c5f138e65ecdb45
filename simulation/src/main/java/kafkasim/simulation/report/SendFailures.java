package kafkasim.simulation.report;

import java.util.Arrays;
import java.util.Map;
import kafkasim.generator.worker.DeviceStates;

/**
 * The producer's failed sends, per device: which seqs the broker never acknowledged (the producer was told the send
 * failed, or gave up waiting), and how many seqs the device used ({@code acked + failed}: seqs 0..attempted-1).
 *
 * @param failedSeqs per device, its failed seqs, sorted and distinct
 * @param attempted  per device, acknowledged + failed sends
 */
public record SendFailures(Map<String, long[]> failedSeqs, Map<String, Long> attempted) {
    public static final SendFailures NONE = new SendFailures(Map.of(), Map.of());

    public SendFailures {
        failedSeqs = Map.copyOf(failedSeqs);
        attempted = Map.copyOf(attempted);
    }

    /** Failed sends of every device. */
    public long total() {
        return failedSeqs.values().stream().mapToLong(s -> s.length).sum();
    }

    /**
     * Failed sends after each device's last acknowledged one (its last seqs failed in a row): a path cannot have
     * skipped them, since nothing of that device came after them.
     */
    public long atTails() {
        long n = 0;
        for (Map.Entry<String, long[]> e : failedSeqs.entrySet()) {
            n += DeviceStates.trailingFailures(e.getValue(), attempted.getOrDefault(e.getKey(), 0L));
        }
        return n;
    }

    /** How many of {@code deviceId}'s seqs {@code fromSeq..toSeq} failed. */
    public long failedIn(String deviceId, long fromSeq, long toSeq) {
        long[] seqs = failedSeqs.get(deviceId);
        if (seqs == null) {
            return 0;
        }
        return firstAtLeast(seqs, toSeq + 1) - firstAtLeast(seqs, fromSeq);
    }

    private static int firstAtLeast(long[] sorted, long seq) {
        int i = Arrays.binarySearch(sorted, seq);
        return i >= 0 ? i : -i - 1;
    }
}
