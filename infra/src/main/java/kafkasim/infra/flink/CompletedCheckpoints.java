package kafkasim.infra.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A job's completed checkpoints on disk ({@code execution.checkpointing.dir}/{@code <jobId>}/{@code chk-N}), to
 * restore the job from when the JobManager that knew them is gone (standalone Flink without HA keeps no record of
 * them elsewhere). A checkpoint is complete once its {@code _metadata} file is written: a {@code chk-N} folder
 * without it (or with an empty one) is a checkpoint the JobManager was still taking, and cannot be restored.
 */
public final class CompletedCheckpoints {
    /** The file Flink writes last, when it finalizes a checkpoint. */
    public static final String METADATA_FILE = "_metadata";
    private static final Pattern CHECKPOINT_DIR = Pattern.compile("chk-(\\d{1,18})");

    /**
     * One completed checkpoint.
     *
     * @param id  N of {@code chk-N}
     * @param dir its folder: what {@code savepointPath} of a job submission takes
     */
    public record Checkpoint(long id, Path dir) {
        /** {@code chk-12}. */
        public String name() {
            return "chk-" + id;
        }
    }

    private CompletedCheckpoints() {
    }

    /** The newest completed checkpoint of job {@code jobId} under {@code checkpointDir}; empty if it has none. */
    public static Optional<Checkpoint> latest(Path checkpointDir, String jobId) {
        List<Checkpoint> all = newestFirst(checkpointDir.resolve(jobId));
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /**
     * Every completed checkpoint in {@code jobCheckpointDir} (one job's folder), newest (highest N) first; empty if
     * the folder does not exist.
     */
    public static List<Checkpoint> newestFirst(Path jobCheckpointDir) {
        if (!Files.isDirectory(jobCheckpointDir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(jobCheckpointDir)) {
            return children.map(CompletedCheckpoints::completed).flatMap(Optional::stream)
                    .sorted(Comparator.comparingLong(Checkpoint::id).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the checkpoints in " + jobCheckpointDir, e);
        }
    }

    private static Optional<Checkpoint> completed(Path dir) {
        Matcher m = CHECKPOINT_DIR.matcher(dir.getFileName().toString());
        Path metadata = dir.resolve(METADATA_FILE);
        try {
            if (m.matches() && Files.isRegularFile(metadata) && Files.size(metadata) > 0) {
                return Optional.of(new Checkpoint(Long.parseLong(m.group(1)), dir.toAbsolutePath()));
            }
        } catch (IOException vanished) {
            // subsumed and deleted by Flink while we looked: not a checkpoint to restore from
        }
        return Optional.empty();
    }
}
