package kafkasim.generator.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kafkasim.common.process.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shutdown hook flushes the log on System.exit and on SIGTERM, with nobody calling close(). */
class SimLogShutdownTest {
    private static final int RECORDS = 500;

    @TempDir
    Path dir;

    @Test
    void systemExitFlushesTheLog() throws Exception {
        Process child = start("exit");
        assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child exits");
        assertFlushed(dir.resolve("child-exit.jsonl"));
    }

    @Test
    void sigtermFlushesTheLog() throws Exception {
        Process child = start("term");
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine(); // skip anything else the child prints first
            } while (line != null && !line.equals("ready"));
            assertEquals("ready", line);
            child.destroy(); // SIGTERM on Linux
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child exits on SIGTERM");
        } finally {
            child.destroyForcibly();
        }
        assertFlushed(dir.resolve("child-term.jsonl"));
    }

    private Process start(String mode) throws Exception {
        return ChildJvm.of(ShutdownChild.class)
                .jvmArg("-Xshare:auto")
                .arg(dir.toString()).arg(mode).arg(String.valueOf(RECORDS))
                .start();
    }

    private static void assertFlushed(Path file) throws Exception {
        List<JsonNode> lines = JsonLines.read(file);
        assertEquals(RECORDS + 1, lines.size(), "every record plus the final record");
        JsonNode last = lines.get(RECORDS);
        assertEquals("logger closed", last.get("msg").asText());
        assertEquals(RECORDS, last.get("data").get("written").asLong());
    }
}
