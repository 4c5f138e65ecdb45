package kafkasim.infra.mqtt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

/**
 * Copies a child's stdout into its log file, line by line, for as long as the child lives (so it never blocks on a
 * full pipe), and completes {@link #ready()} when the child prints its ready line: the signal a start waits for.
 */
final class ReadyLineWatch {
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private ReadyLineWatch() {
    }

    /** Starts copying {@code child}'s stdout on a daemon thread. */
    static ReadyLineWatch start(Process child, Path logFile, String readyLine) {
        ReadyLineWatch watch = new ReadyLineWatch();
        Thread copier = new Thread(() -> watch.copy(child, logFile, readyLine), "stdout-" + child.pid());
        copier.setDaemon(true);
        copier.start();
        return watch;
    }

    /** Completes when the ready line was printed; fails when stdout ended before it (the child exited). */
    CompletableFuture<Void> ready() {
        return ready;
    }

    private void copy(Process child, Path logFile, String readyLine) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                log.write(line);
                log.write(System.lineSeparator());
                log.flush();
                if (line.equals(readyLine)) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("stdout of pid " + child.pid() + " ended before it "
                + "printed '" + readyLine + "'"));
    }
}
