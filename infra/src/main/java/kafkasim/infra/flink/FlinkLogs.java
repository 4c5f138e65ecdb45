package kafkasim.infra.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import kafkasim.infra.ChildProcesses;

/** What the cluster JVMs leave: their logs read for messages, their temp folders, stopping several at once. */
final class FlinkLogs {
    private FlinkLogs() {
    }

    /** A log written since a JVM's launch, for a message: its first error and last lines; "" if it is blank. */
    static String describe(String name, String log) {
        if (log.isBlank()) {
            return "";
        }
        String firstError = firstError(log);
        return "\n--- " + name + (firstError.isEmpty() ? "" : " first error:\n  " + firstError + "\n--- " + name)
                + " last lines:\n" + tail(log);
    }

    /** {@link #describe(String, String)} of {@code file} from {@code offset} on. */
    static String describe(Path file, long offset) {
        return describe(file.getFileName().toString(), readSince(file, offset));
    }

    static boolean isBindFailure(String log) {
        return log.contains("Address already in use") || log.contains("BindException")
                || log.contains("Failed to bind");
    }

    /** The first ERROR/FATAL line of a Flink log, or of a JVM's stderr its first error line, else "". */
    static String firstError(String log) {
        String flinkError = ChildProcesses.firstError(log);
        if (!flinkError.isEmpty()) {
            return flinkError;
        }
        List<String> lines = log.lines().collect(Collectors.toList());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("Error:") || line.startsWith("Exception in thread")) {
                return i + 1 < lines.size() ? line + "\n  " + lines.get(i + 1) : line;
            }
        }
        return "";
    }

    /** The last lines of {@code log}, indented. */
    static String tail(String log) {
        return ChildProcesses.tail(log);
    }

    /** {@code file} from {@code fromOffset} on ("" if it does not exist). */
    static String readSince(Path file, long fromOffset) {
        return Files.exists(file) ? ChildProcesses.readSince(file, fromOffset) : "";
    }

    static long size(Path file) {
        return ChildProcesses.sizeOf(file);
    }

    /** SIGTERM to all at once, a shared grace period, then SIGKILL for what still runs; waits for every exit. */
    static void stopProcesses(List<Process> processes, Duration grace) {
        processes.stream().filter(Process::isAlive).forEach(Process::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        boolean interrupted = false;
        for (Process p : processes) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                interrupted = true;
                p.destroyForcibly();
            }
        }
        for (Process p : processes) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes everything inside {@code dir} (best effort), keeping {@code dir}. */
    static void deleteContents(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                deleteQuietly(child);
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    /** Sleeps; an interrupt ends the wait for Flink with an {@link IllegalStateException}. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Flink", e);
        }
    }
}
