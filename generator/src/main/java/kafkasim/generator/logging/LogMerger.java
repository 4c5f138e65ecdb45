package kafkasim.generator.logging;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import kafkasim.common.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the per-process {@code *.jsonl} files of a logs directory into {@code merged.jsonl}, ordered by
 * {@code ts}, ties broken by {@code process} then {@code seq}. A streaming k-way merge: each input is already in
 * ts order (see {@link SimLog}), so only one line per file is held in memory. Lines are copied verbatim.
 * Malformed lines (not JSON, or without a parseable ts, a process or a seq) are skipped and counted; blank lines
 * are ignored.
 */
public final class LogMerger {
    public static final String MERGED_FILE = "merged.jsonl";
    /** Malformed lines reported individually; the rest only in the summary. */
    static final int MALFORMED_WARNINGS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(LogMerger.class);
    private static final Comparator<Line> ORDER = Comparator.comparing(Line::ts)
            .thenComparing(Line::process)
            .thenComparingLong(Line::seq)
            .thenComparingInt(Line::source);

    /** Outcome of a merge: lines written to {@code output} and malformed lines skipped. */
    public record Result(long merged, long malformed, Path output) {
    }

    private LogMerger() {
    }

    /** Merges and returns the number of lines written to {@code logsDir/merged.jsonl}. */
    public static long merge(Path logsDir) throws IOException {
        return mergeWithStats(logsDir).merged();
    }

    /** Like {@link #merge} but also reports the malformed lines skipped. */
    public static Result mergeWithStats(Path logsDir) throws IOException {
        Path output = logsDir.resolve(MERGED_FILE);
        List<Source> sources = new ArrayList<>();
        // not *.jsonl: never an input; a plain file (not createTempFile) so it gets the usual permissions
        Path tmp = logsDir.resolve(MERGED_FILE + ".tmp");
        long merged = 0;
        try {
            for (Path input : inputs(logsDir)) {
                sources.add(new Source(sources.size(), input));
            }
            PriorityQueue<Line> heads = new PriorityQueue<>(Math.max(1, sources.size()), ORDER);
            for (Source source : sources) {
                source.advance(heads);
            }
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                Line line;
                while ((line = heads.poll()) != null) {
                    out.write(line.text());
                    out.write('\n');
                    merged++;
                    sources.get(line.source()).advance(heads);
                }
            }
            moveIntoPlace(tmp, output);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            for (Source source : sources) {
                source.close();
            }
            Files.deleteIfExists(tmp);
        }
        long malformed = sources.stream().mapToLong(s -> s.malformed).sum();
        if (malformed > 0) {
            LOG.warn("merged {} lines into {}, skipped {} malformed lines", merged, output, malformed);
        }
        return new Result(merged, malformed, output);
    }

    private static List<Path> inputs(Path logsDir) throws IOException {
        List<Path> inputs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(logsDir, "*.jsonl")) {
            for (Path file : files) {
                if (!file.getFileName().toString().equals(MERGED_FILE) && Files.isRegularFile(file)) {
                    inputs.add(file);
                }
            }
        }
        inputs.sort(Comparator.naturalOrder()); // deterministic source numbering
        return inputs;
    }

    private static void moveIntoPlace(Path tmp, Path output) throws IOException {
        try {
            Files.move(tmp, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** One parsed line: the sort key plus the verbatim text. */
    private record Line(Instant ts, String process, long seq, int source, String text) {
    }

    /** One input file, read line by line. */
    private static final class Source {
        private final int index;
        private final Path file;
        private final BufferedReader reader;
        private long lineNumber;
        private long malformed;
        private Instant lastTs = Instant.MIN;

        Source(int index, Path file) throws IOException {
            this.index = index;
            this.file = file;
            this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        }

        /** Puts this file's next well-formed line into {@code heads}, if there is one. */
        void advance(PriorityQueue<Line> heads) {
            try {
                String text;
                while ((text = reader.readLine()) != null) {
                    lineNumber++;
                    if (text.isBlank()) {
                        continue;
                    }
                    Line line = parse(text);
                    if (line != null) {
                        if (line.ts().isBefore(lastTs)) {
                            // the merge stays streaming; such a file's lines come out where its order puts them
                            LOG.warn("{}:{} is earlier than the line before it; merged order is off there",
                                    file, lineNumber);
                        }
                        lastTs = line.ts();
                        heads.add(line);
                        return;
                    }
                    malformed++;
                    if (malformed <= MALFORMED_WARNINGS) {
                        LOG.warn("skipping malformed log line {}:{}", file, lineNumber);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Line parse(String text) {
            try {
                JsonNode node = Json.mapper().readTree(text);
                JsonNode ts = node.get("ts");
                JsonNode process = node.get("process");
                JsonNode seq = node.get("seq");
                if (!node.isObject() || ts == null || !ts.isTextual() || process == null || !process.isTextual()
                        || seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong()) {
                    return null;
                }
                return new Line(Instant.parse(ts.asText()), process.asText(), seq.asLong(), index, text);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        void close() {
            try {
                reader.close();
            } catch (IOException ignored) {
                // read-only input: nothing to lose
            }
        }
    }
}
