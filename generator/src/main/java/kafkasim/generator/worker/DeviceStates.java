package kafkasim.generator.worker;

import kafkasim.common.security.Rejection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import kafkasim.common.envelope.Envelope;

/**
 * Reads every device's final counters and failed seqs from a run's state folder (after the workers are gone).
 */
public final class DeviceStates {
    /** One device's delivery counters: {@code acked} records are in the topic with seq 0..acked+failed-1. */
    public record DeviceCount(String deviceId, long acked, long failed) {
    }

    private DeviceStates() {
    }

    /** Devices that sent at least one message, ordered by type then index. */
    public static List<DeviceCount> read(Path stateDir) throws IOException {
        List<DeviceCount> result = new ArrayList<>();
        if (!Files.isDirectory(stateDir)) {
            return result;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(stateDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".state")).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            String type = name.substring(0, name.length() - ".state".length());
            ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; (i + 1) * DeviceStateFile.SLOT_BYTES <= buf.limit(); i++) {
                long acked = buf.getLong(i * DeviceStateFile.SLOT_BYTES);
                long failed = buf.getLong(i * DeviceStateFile.SLOT_BYTES + 8);
                if (acked + failed > 0) {
                    result.add(new DeviceCount(Envelope.deviceId(type, i), acked, failed));
                }
            }
        }
        return result;
    }

    /** Device type → the sends the broker refused, per reason (state/&lt;type&gt;.rejected). */
    public static Map<String, Map<Rejection, Long>> readRejections(Path stateDir) throws IOException {
        return RejectionCounts.read(stateDir);
    }

    /**
     * Every device's failed seqs from the {@code <type>.failed} logs: deviceId → its distinct failed seqs, sorted
     * ascending (a seq recorded twice, e.g. sent again after a worker died and failed again, counts once). Devices
     * without a failure are absent. An incomplete record at the end of a file (the disk filled up mid-write) is
     * ignored.
     */
    public static Map<String, long[]> readFailedSeqs(Path stateDir) throws IOException {
        Map<String, long[]> result = new TreeMap<>();
        if (!Files.isDirectory(stateDir)) {
            return result;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(stateDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(FailedSeqLog.SUFFIX)).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            String type = name.substring(0, name.length() - FailedSeqLog.SUFFIX.length());
            readLog(file).forEach((index, seqs) -> result.put(Envelope.deviceId(type, index),
                    seqs.stream().mapToLong(Long::longValue).sorted().distinct().toArray()));
        }
        return result;
    }

    /** Device index within the type → its recorded seqs, in file order, complete records only. */
    private static Map<Integer, List<Long>> readLog(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        Map<Integer, List<Long>> seqsByIndex = new TreeMap<>();
        int completeRecords = buf.limit() / FailedSeqLog.RECORD_BYTES;
        for (int r = 0; r < completeRecords; r++) {
            int index = buf.getInt();
            long seq = buf.getLong();
            seqsByIndex.computeIfAbsent(index, k -> new ArrayList<>()).add(seq);
        }
        return seqsByIndex;
    }

    /**
     * How many of a device's last seqs failed in a row: the run of failures ending at {@code attempted - 1}, its
     * last seq ({@code attempted = acked + failed}); 0 when that one was acknowledged. Such a device was cut off at
     * the end (e.g. its broker still down), unlike one whose failures all lie in earlier outages.
     *
     * @param failedSeqs the device's failed seqs, sorted ascending and distinct (as {@link #readFailedSeqs} gives)
     */
    public static long trailingFailures(long[] failedSeqs, long attempted) {
        long expected = attempted - 1;
        int pos = Arrays.binarySearch(failedSeqs, expected);
        long run = 0;
        while (pos >= 0 && failedSeqs[pos] == expected) {
            run++;
            expected--;
            pos--;
        }
        return run;
    }
}
