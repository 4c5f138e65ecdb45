package kafkasim.infra.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The folders of a cluster's work directory (see {@link EmbeddedFlink}). */
record FlinkDirs(Path workDir, Path confDir, Path logDir, Path tmpDir, Path checkpointDir, Path savepointDir) {
    static FlinkDirs of(Path workDir) {
        Path dir = workDir.toAbsolutePath().normalize();
        return new FlinkDirs(dir, dir.resolve("conf"), dir.resolve("log"), dir.resolve("tmp"),
                dir.resolve("checkpoints"), dir.resolve("savepoints"));
    }

    /** Creates the folders and empties {@code tmp/}: leftovers of a killed earlier run (its RPC jar alone is ~21 MB). */
    void create() throws IOException {
        for (Path d : List.of(confDir, logDir, tmpDir, checkpointDir, savepointDir)) {
            Files.createDirectories(d);
        }
        FlinkLogs.deleteContents(tmpDir);
    }

    /** The values of the configuration template's placeholders for a cluster here on the given ports. */
    static Map<String, String> placeholderValues(Path dir, int restPort, int rpcPort, int blobPort) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(FlinkConfig.REST_PORT, Integer.toString(restPort));
        values.put(FlinkConfig.JOBMANAGER_RPC_PORT, Integer.toString(rpcPort));
        values.put(FlinkConfig.BLOB_SERVER_PORT, Integer.toString(blobPort));
        values.put(FlinkConfig.TMP_DIR, dir.resolve("tmp").toString());
        values.put(FlinkConfig.WEB_TMP_DIR, dir.resolve("tmp").resolve("web").toString());
        // Flink parses these as URIs of its own file system; an unencoded absolute path after file:// is its usual form
        values.put(FlinkConfig.CHECKPOINT_DIR_URI, "file://" + dir.resolve("checkpoints"));
        values.put(FlinkConfig.SAVEPOINT_DIR_URI, "file://" + dir.resolve("savepoints"));
        return values;
    }
}
