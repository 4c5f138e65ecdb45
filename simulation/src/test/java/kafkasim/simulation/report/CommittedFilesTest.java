package kafkasim.simulation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommittedFilesTest {
    @TempDir
    Path dir;

    private void part(Path file, String... lines) throws Exception {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (String l : lines) {
                out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static String env(String device, long seq) {
        return "{\"schema\":1,\"deviceId\":\"" + device + "\",\"type\":\"t\",\"seq\":" + seq + ",\"sentAtUs\":1}";
    }

    @Test
    void countsCommittedLinesAndDuplicatesButNotHiddenPartFiles() throws Exception {
        part(dir.resolve("2026-11-24--23/part-0-0.jsonl.gz"), env("a-000001", 0), env("a-000001", 1), env("b-000000", 0));
        part(dir.resolve("2026-11-24--23/part-0-1.jsonl.gz"), env("a-000001", 1), env("b-000000", 1));
        part(dir.resolve("2026-11-24--23/.part-0-2.jsonl.gz.inprogress.abc"), env("c-000000", 0));
        CommittedFiles f = CommittedFiles.count(dir);
        assertEquals(2, f.files());
        assertEquals(5, f.lines());
        assertEquals(4, f.distinct());
        assertEquals(1, f.duplicates());
    }

    @Test
    void missingFolderCountsNothing() throws Exception {
        assertEquals(new CommittedFiles(0, 0, 0), CommittedFiles.count(dir.resolve("nope")));
    }
}
