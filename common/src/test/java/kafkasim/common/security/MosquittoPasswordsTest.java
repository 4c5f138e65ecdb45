package kafkasim.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoPasswordsTest {
    private static final byte[] RIGHT = "s3cret-Pw_1".getBytes(StandardCharsets.UTF_8);

    /** A line made by Debian's mosquitto_passwd verifies with kafkasim's hash: the two are the same algorithm. */
    @Test
    void verifiesWhatMosquittoPasswdWrites(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        // a test password: this argv is the reason production code does not use -b
        Process p = new ProcessBuilder("mosquitto_passwd", "-c", "-b", file.toString(), "device-a", "s3cret-Pw_1")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        Map<String, String> entries = MosquittoPasswords.parse(Files.readString(file));
        String entry = entries.get("device-a");
        assertTrue(entry.startsWith("$7$101$"), entry);
        assertTrue(MosquittoPasswords.verify(entry, RIGHT));
        assertFalse(MosquittoPasswords.verify(entry, "wrong".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writesLinesInTheSameFormat() {
        String text = MosquittoPasswords.file(Map.of("device-b", "pw-b", "device-a", "s3cret-Pw_1"));
        String[] lines = text.split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].matches("device-a:\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}=="), lines[0]);
        assertFalse(text.contains("s3cret") || text.contains("pw-b"), "no password in the file");
        Map<String, String> entries = MosquittoPasswords.parse(text);
        assertTrue(MosquittoPasswords.verify(entries.get("device-a"), RIGHT));
        assertTrue(MosquittoPasswords.verify(entries.get("device-b"), "pw-b".getBytes(StandardCharsets.UTF_8)));
        assertFalse(MosquittoPasswords.verify(entries.get("device-b"), RIGHT));
        assertFalse(MosquittoPasswords.verify("$6$x$y", RIGHT));
    }
}
