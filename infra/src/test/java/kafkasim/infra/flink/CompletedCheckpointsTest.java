package kafkasim.infra.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the checkpoint a job is resubmitted from after its JobManager died. */
class CompletedCheckpointsTest {
    private static final String JOB = "8f3c2a1b9d7e4f60a1b2c3d4e5f60718";

    @TempDir
    Path checkpoints;

    @Test
    void theHighestNumberWithMetadataWinsNotTheNewestFolderNorTheLexicalOrder() throws IOException {
        completed("chk-9");
        completed("chk-12");
        completed("chk-100");
        inProgress("chk-101"); // the JobManager died while taking it: no _metadata
        Files.createDirectories(checkpoints.resolve(JOB).resolve("shared"));
        Files.createDirectories(checkpoints.resolve(JOB).resolve("taskowned"));

        Optional<CompletedCheckpoints.Checkpoint> latest = CompletedCheckpoints.latest(checkpoints, JOB);

        assertEquals(100, latest.orElseThrow().id());
        assertEquals("chk-100", latest.orElseThrow().name());
        assertEquals(checkpoints.resolve(JOB).resolve("chk-100").toAbsolutePath(), latest.orElseThrow().dir());
        assertEquals(List.of(100L, 12L, 9L), CompletedCheckpoints.newestFirst(checkpoints.resolve(JOB)).stream()
                .map(CompletedCheckpoints.Checkpoint::id).toList());
    }

    @Test
    void anEmptyMetadataFileIsNotACompletedCheckpoint() throws IOException {
        completed("chk-3");
        Path halfWritten = inProgress("chk-4");
        Files.createFile(halfWritten.resolve(CompletedCheckpoints.METADATA_FILE));

        assertEquals(3, CompletedCheckpoints.latest(checkpoints, JOB).orElseThrow().id());
    }

    @Test
    void aJobWithoutCompletedCheckpointsHasNone() throws IOException {
        assertTrue(CompletedCheckpoints.latest(checkpoints, JOB).isEmpty(), "no folder for the job at all");
        inProgress("chk-1");
        Files.writeString(checkpoints.resolve(JOB).resolve("chk-x"), "not a checkpoint folder");
        Path notNumbered = Files.createDirectories(checkpoints.resolve(JOB).resolve("chk-latest"));
        Files.writeString(notNumbered.resolve(CompletedCheckpoints.METADATA_FILE), "metadata");
        assertTrue(CompletedCheckpoints.latest(checkpoints, JOB).isEmpty(), "only a checkpoint in progress");
    }

    @Test
    void anotherJobsCheckpointsAreNotLookedAt() throws IOException {
        completed("chk-7");
        assertTrue(CompletedCheckpoints.latest(checkpoints, "0123456789abcdef0123456789abcdef").isEmpty());
    }

    private Path completed(String name) throws IOException {
        Path dir = inProgress(name);
        Files.writeString(dir.resolve(CompletedCheckpoints.METADATA_FILE), "metadata of " + name);
        return dir;
    }

    private Path inProgress(String name) throws IOException {
        Path dir = Files.createDirectories(checkpoints.resolve(JOB).resolve(name));
        Files.writeString(dir.resolve("0a1b2c3d-state"), "operator state");
        return dir;
    }
}
