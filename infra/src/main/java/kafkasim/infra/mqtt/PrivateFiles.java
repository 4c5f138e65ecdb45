package kafkasim.infra.mqtt;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files a broker reads that nobody else may: its security folder {@code <dataDir>/security} (0700) and what is in
 * it (0600). The broker runs as this JVM's user (Mosquitto's {@code user} line is that user; HiveMQ is a child
 * JVM), so it can read them and nobody else can.
 */
final class PrivateFiles {
    static final String DIR = "security";

    private PrivateFiles() {
    }

    /** {@code <dataDir>/security}, created owner-only if missing, and made owner-only if it was not. */
    static Path dir(Path dataDir) throws IOException {
        Path dir = dataDir.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /** Written with owner-only permissions from the start: no moment at which another user could read it. */
    static void write(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(text);
        }
    }
}
