package kafkasim.infra;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Stopping embedded-infrastructure children and quoting their logs in error messages. */
public final class ChildProcesses {
    /** kafkasim's own child mains start their progress lines with this. */
    public static final String LAUNCHER_MARKER = "[kafkasim] ";
    private static final int LOG_TAIL_LINES = 40;
    private static final int MAX_LOG_READ = 4 * 1024 * 1024;

    private ChildProcesses() {
    }

    /** Removes a launcher's stop-on-exit hook when it is closed by hand; during JVM shutdown the hook runs anyway. */
    public static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to run; stopping twice is harmless
        }
    }

    public static void closeStdin(Process process) {
        try {
            process.getOutputStream().close(); // the broker reads no stdin
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** Whether {@code command} runs and exits 0 within 10 s (stdin from /dev/null, output discarded). */
    public static boolean exitsZero(List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    public static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** {@code root} and its descendants, e.g. a watcher JVM and its server; empty once {@code root} is gone. */
    public static List<ProcessHandle> tree(ProcessHandle root) {
        if (!root.isAlive()) {
            return List.of();
        }
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return tree;
    }

    /** The size of a log file, 0 if it does not exist (yet): where a start's own lines will begin. */
    public static long sizeOf(Path logFile) {
        try {
            return Files.exists(logFile) ? Files.size(logFile) : 0L;
        } catch (IOException e) {
            return 0L;
        }
    }

    /** What a child's log says, for an exception message: its first error and its last lines. */
    public static String describeLog(String log) {
        String firstError = firstError(log);
        return (firstError.isEmpty() ? "" : "\nfirst error:\n  " + firstError) + "\nlast lines:\n" + tail(log);
    }

    /** The log written since {@code fromOffset} (at most its last {@value #MAX_LOG_READ} bytes). */
    public static String readSince(Path logFile, long fromOffset) {
        try (RandomAccessFile f = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = f.length();
            long start = Math.max(0, fromOffset) > length ? 0 : Math.max(0, fromOffset);
            start = Math.max(start, length - MAX_LOG_READ);
            byte[] bytes = new byte[(int) (length - start)];
            f.seek(start);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + logFile + ": " + e + ")";
        }
    }

    /** The last {@value #LOG_TAIL_LINES} lines of {@code log}, indented. */
    public static String tail(String log) {
        List<String> lines = log.lines().collect(Collectors.toList());
        List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
        return last.isEmpty() ? "  (the log is empty)" : "  " + String.join("\n  ", last);
    }

    /** The first ERROR/FATAL line (or a kafkasim launcher's failure line) and the line after it, else "". */
    public static String firstError(String log) {
        List<String> lines = log.lines().collect(Collectors.toList());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.contains(" ERROR ") || line.contains(" FATAL ") || line.contains("FATAL:")
                    || line.startsWith(LAUNCHER_MARKER) && line.contains("failed")) {
                return i + 1 < lines.size() ? line + "\n  " + lines.get(i + 1) : line;
            }
        }
        return "";
    }
}
