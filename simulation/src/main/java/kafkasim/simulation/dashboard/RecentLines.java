package kafkasim.simulation.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The orchestrator's latest output lines for the dashboard: a stream that passes everything on to the terminal
 * and keeps the last {@code capacity} lines the filter admits (the per-second progress lines are the charts, not
 * log lines).
 */
public final class RecentLines extends OutputStream {
    private final OutputStream target;
    private final int capacity;
    private final Predicate<String> keep;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final ArrayDeque<String> lines = new ArrayDeque<>();

    public RecentLines(OutputStream target, int capacity, Predicate<String> keep) {
        this.target = target;
        this.capacity = capacity;
        this.keep = keep;
    }

    /** A print stream that writes to the target and keeps its lines here. */
    public PrintStream printStream() {
        return new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        try {
            target.write(b, off, len);
        } catch (java.io.IOException e) {
            // the terminal is gone: the lines are still kept
        }
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                line.reset();
                if (keep.test(s)) {
                    lines.addLast(s);
                    if (lines.size() > capacity) {
                        lines.removeFirst();
                    }
                }
            } else {
                line.write(b[i]);
            }
        }
    }

    @Override
    public synchronized void flush() throws java.io.IOException {
        target.flush();
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
