package kafkasim.simulation.orchestrator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;
import kafkasim.simulation.cli.BadInputException;

/** The results folder of one run: created fresh, never over an existing run's files. */
public final class RunFolder {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunFolder() {
    }

    /** Rejects an {@code --out} that exists and is not an empty directory; creates nothing. */
    public static void check(Path out) throws IOException, BadInputException {
        if (out == null || !Files.exists(out)) {
            return;
        }
        if (!Files.isDirectory(out)) {
            throw new BadInputException("--out " + out + " exists and is not a directory");
        }
        try (Stream<Path> entries = Files.list(out)) {
            if (entries.findAny().isPresent()) {
                throw new BadInputException("--out " + out + " already holds files; choose a new or empty folder"
                        + " (nothing was overwritten)");
            }
        }
    }

    /**
     * {@code out} when given (it must not exist or be an empty directory), else {@code results/<name>-<time>}.
     */
    public static Path create(Path out, String scenarioName) throws IOException, BadInputException {
        Path dir = createFolder(out, scenarioName);
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("state"));
        return dir;
    }

    /** As {@link #create} without a run's subfolders: a folder that holds runs ({@code compare}). */
    public static Path createFolder(Path out, String name) throws IOException, BadInputException {
        check(out);
        Path dir = out;
        if (dir == null) {
            String base = name + "-" + LocalDateTime.now().format(STAMP);
            dir = Path.of("results", base);
            for (int i = 2; Files.exists(dir); i++) {
                dir = Path.of("results", base + "-" + i);
            }
        }
        Files.createDirectories(dir);
        return dir;
    }
}
