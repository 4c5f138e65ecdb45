package kafkasim.simulation.orchestrator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import kafkasim.generator.worker.DeviceStates.DeviceCount;

/**
 * {@code devices.csv}: {@code deviceId,produced,sendErrors,failedSeqs}; device seqs run
 * 0..produced+sendErrors-1, and {@code failedSeqs} says which of them failed to send, as ascending ranges
 * separated by spaces ({@code 120-135 200}; empty when none). A seq in the topic that is not listed was
 * acknowledged by the broker.
 */
final class DevicesCsv {
    private static final long[] NONE = new long[0];

    private DevicesCsv() {
    }

    /** @param failedSeqs deviceId → its failed seqs, sorted and distinct ({@code DeviceStates.readFailedSeqs}) */
    static Path write(Path file, List<DeviceCount> devices, Map<String, long[]> failedSeqs) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("deviceId,produced,sendErrors,failedSeqs\n");
            for (DeviceCount d : devices) {
                w.write(d.deviceId() + "," + d.acked() + "," + d.failed() + ","
                        + ranges(failedSeqs.getOrDefault(d.deviceId(), NONE)) + "\n");
            }
        }
        return file;
    }

    /** Sorted distinct seqs as ranges: {@code [1, 2, 3, 7]} → {@code "1-3 7"}. */
    static String ranges(long[] sortedSeqs) {
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < sortedSeqs.length) {
            int end = i;
            while (end + 1 < sortedSeqs.length && sortedSeqs[end + 1] == sortedSeqs[end] + 1) {
                end++;
            }
            text.append(text.length() == 0 ? "" : " ").append(sortedSeqs[i]);
            if (end > i) {
                text.append('-').append(sortedSeqs[end]);
            }
            i = end + 1;
        }
        return text.toString();
    }

    /**
     * The warning when some devices' failed-seq lists disagree with their failure counters. Expected only after a
     * worker was killed between appending a failed seq and counting it (the seq is then listed once more than
     * counted, see {@code SendLoop.Ack}), or when the log could not be written (listed fewer; the worker logged it).
     */
    static Optional<String> countMismatch(List<DeviceCount> devices, Map<String, long[]> failedSeqs) {
        int disagreeing = 0;
        long listed = 0;
        long counted = 0;
        String example = null;
        for (DeviceCount d : devices) {
            int seqs = failedSeqs.getOrDefault(d.deviceId(), NONE).length;
            if (seqs != d.failed()) {
                disagreeing++;
                listed += seqs;
                counted += d.failed();
                example = example == null ? d.deviceId() + " lists " + seqs + " failed seqs, counted " + d.failed()
                        : example;
            }
        }
        Set<String> counters = devices.stream().map(DeviceCount::deviceId).collect(Collectors.toSet());
        for (Map.Entry<String, long[]> e : failedSeqs.entrySet()) {
            if (!counters.contains(e.getKey())) { // listed, but its counters say it never completed a send
                disagreeing++;
                listed += e.getValue().length;
                example = example == null ? e.getKey() + " lists " + e.getValue().length + " failed seqs, counted 0"
                        : example;
            }
        }
        if (disagreeing == 0) {
            return Optional.empty();
        }
        return Optional.of(disagreeing + " devices' failed seqs in devices.csv (" + listed + ") disagree with their"
                + " sendErrors (" + counted + "), e.g. " + example + ": a worker was killed between recording a"
                + " failed send and counting it, or could not write state/<type>.failed (see its log)");
    }
}
