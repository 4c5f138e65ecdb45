package kafkasim.generator.manager;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A worker's error when it could not report one itself (the JVM did not start, it was killed): the last
 * meaningful lines its stderr file got since that worker started. Stack frames are left out, so an uncaught
 * exception shows as its message and its causes.
 */
final class StderrTail {
    static final int MAX_BYTES = 16 * 1024;
    static final int MAX_LINES = 5;
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+(at |\\.\\.\\. \\d+ (more|common frames)).*");

    private StderrTail() {
    }

    /** The file's size now: where the next worker's output will start. 0 if it does not exist yet. */
    static long offset(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Up to {@link #MAX_LINES} last meaningful lines written after {@code offset}, joined by " | "; null if none. */
    static String since(Path file, long offset) {
        String text;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long from = Math.max(offset, f.length() - MAX_BYTES);
            byte[] bytes = new byte[(int) Math.max(0, f.length() - from)];
            f.seek(from);
            f.readFully(bytes);
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (!line.isBlank() && !STACK_FRAME.matcher(line).matches()) {
                lines.add(line.strip());
            }
        }
        if (lines.isEmpty()) {
            return null;
        }
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - MAX_LINES), lines.size()));
    }
}
