package kafkasim.simulation.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the jobs jar: the flag, else {@code flink-jobs/target/kafkasim-flink-jobs.jar} under kafkasim's home. */
public final class JobsJar {
    static final String DEFAULT = "flink-jobs/target/kafkasim-flink-jobs.jar";

    private JobsJar() {
    }

    public static Path resolve(Path flag) throws BadInputException {
        Path jar = flag != null ? flag : Path.of(System.getProperty("kafkasim.home", ".")).resolve(DEFAULT);
        if (!Files.isRegularFile(jar)) {
            throw new BadInputException((flag != null ? "--jobs-jar " : "the jobs jar ") + jar + " does not exist"
                    + (flag != null ? "" : " (build it with: mvn -B -DskipTests package)"));
        }
        return jar.toAbsolutePath();
    }
}
