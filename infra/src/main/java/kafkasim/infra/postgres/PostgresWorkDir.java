package kafkasim.infra.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import kafkasim.infra.StartException;
import kafkasim.infra.watcher.NativeServerMain;

/**
 * The work directory of {@link EmbeddedPostgres}: {@code data/} (the cluster), {@code sock/} (the Unix socket,
 * null if its path would be too long) and {@code postgres.log}, where kafkasim notes what it did.
 *
 * @param sockDir null: no Unix socket, TCP only
 */
record PostgresWorkDir(Path dir, Path dataDir, Path sockDir, Path logFile) {
    static final String MARKER = NativeServerMain.MARKER;
    /** Longest Unix socket path PostgreSQL accepts (sizeof(sun_path) - 1). */
    static final int MAX_SOCKET_PATH = 107;

    /**
     * Creates the folders for {@code runAs} (as root the unprivileged user must reach {@code data/} and own it and
     * {@code sock/}; each change is noted in the log).
     *
     * @throws StartException naming the folder, the user and the log
     */
    static PostgresWorkDir prepare(Path workDir, PostgresBinaries.Installation binaries, RunAs runAs) {
        Path dir = workDir.toAbsolutePath().normalize();
        Path dataDir = dir.resolve("data");
        Path sockDir = dir.resolve("sock");
        Path logFile = dir.resolve("postgres.log");
        try {
            Files.createDirectories(dir);
            if (!Files.exists(logFile)) {
                Files.createFile(logFile);
            }
            note(logFile, "starting PostgreSQL from " + binaries.dir() + (binaries.extracted()
                    ? " (unpacked in " + binaries.millis() + " ms)" : "") + "; runs " + runAs);
            runAs.ensureReachable(binaries.dir(), m -> note(logFile, m));
            runAs.ensureReachable(dir, m -> note(logFile, m));
            runAs.ownedDir(dataDir);
            if (socketDirFits(sockDir)) {
                runAs.ownedDir(sockDir);
                return new PostgresWorkDir(dir, dataDir, sockDir, logFile);
            }
            note(logFile, "no Unix socket: " + sockDir + " is too long for one (TCP on " + EmbeddedPostgres.HOST
                    + " only)");
            return new PostgresWorkDir(dir, dataDir, null, logFile);
        } catch (IOException | RuntimeException e) {
            throw new StartException("PostgreSQL failed to start: could not prepare the work directory " + dir
                    + " (running as " + runAs + "): " + e + ". Log: " + logFile, e);
        }
    }

    static boolean socketDirFits(Path sockDir) {
        return (sockDir.toString() + "/.s.PGSQL.65535").getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH;
    }

    /** Whether {@code data/} is a cluster already (initdb ran). */
    boolean isInitialised() {
        return Files.isRegularFile(dataDir.resolve("PG_VERSION"));
    }

    /** Appends a {@value #MARKER} line to the log (best effort). */
    void note(String message) {
        note(logFile, message);
    }

    private static void note(Path logFile, String message) {
        try {
            Files.writeString(logFile, MARKER + Instant.now() + " " + message + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log is for humans
        }
    }
}
