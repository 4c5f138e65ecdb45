package kafkasim.simulation.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * What the slow path ("file server") really wrote: the committed part files (FileSink keeps in-progress and
 * pending files hidden, with a leading dot) are gunzipped and every line's (deviceId, seq) is tallied, so lines,
 * distinct messages and duplicates are counted from the files themselves, as {@code zcat | wc -l} would.
 *
 * @param files    committed part files
 * @param lines    lines in them
 * @param distinct distinct (deviceId, seq) pairs
 */
public record CommittedFiles(int files, long lines, long distinct) {
    public static final String SUFFIX = ".jsonl.gz";

    public long duplicates() {
        return lines - distinct;
    }

    public static CommittedFiles count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new CommittedFiles(0, 0, 0);
        }
        List<Path> parts;
        try (Stream<Path> s = Files.walk(dir)) {
            parts = s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        Map<String, BitSet> seen = new HashMap<>();
        long lines = 0;
        long distinct = 0;
        for (Path part : parts) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(part)), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines++;
                    String device = field(line, "\"deviceId\":\"", '"');
                    String seq = field(line, "\"seq\":", ',');
                    if (device == null || seq == null) {
                        continue; // not an envelope: counted as a line, never as a distinct message
                    }
                    BitSet seqs = seen.computeIfAbsent(device, k -> new BitSet());
                    int s = Integer.parseInt(seq);
                    if (!seqs.get(s)) {
                        seqs.set(s);
                        distinct++;
                    }
                }
            }
        }
        return new CommittedFiles(parts.size(), lines, distinct);
    }

    /** The text between {@code key} and {@code end}; a plain scan, since each line is a flat envelope. */
    private static String field(String line, String key, char end) {
        int start = line.indexOf(key);
        if (start < 0) {
            return null;
        }
        start += key.length();
        int stop = line.indexOf(end, start);
        return stop < 0 ? null : line.substring(start, stop);
    }
}
