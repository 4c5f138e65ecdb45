package kafkasim.infra.flink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where the embedded Flink cluster's inputs are: the runtime classpath folder ({@code flink-cluster/target/flink-lib},
 * assembled by {@code mvn package}) and the configuration template folder ({@code flink-conf/} at the repository
 * root).
 *
 * <p>Both are found from the kafkasim project root: {@link #locate()} takes it from the system property
 * {@value #HOME_PROPERTY} (the launcher sets it) and otherwise searches the working directory and its parents for a
 * folder holding {@code flink-conf/config.yaml} and {@code flink-cluster/} (so tests and IDE runs inside any module
 * work without configuration). Callers that know better pass the two folders to
 * {@link EmbeddedFlink#start(Path, Path, Path, int)} directly.
 */
public record FlinkLayout(Path flinkLibDir, Path confTemplateDir) {
    /** System property naming the kafkasim project root. */
    public static final String HOME_PROPERTY = "kafkasim.home";
    /** Relative to the project root. */
    public static final String FLINK_LIB = "flink-cluster/target/flink-lib";
    /** Relative to the project root. */
    public static final String FLINK_CONF = "flink-conf";

    public FlinkLayout {
        flinkLibDir = Objects.requireNonNull(flinkLibDir, "flinkLibDir").toAbsolutePath().normalize();
        confTemplateDir = Objects.requireNonNull(confTemplateDir, "confTemplateDir").toAbsolutePath().normalize();
    }

    /** The layout of the kafkasim checkout at {@code projectRoot}. */
    public static FlinkLayout ofProjectRoot(Path projectRoot) {
        Path root = projectRoot.toAbsolutePath().normalize();
        return new FlinkLayout(root.resolve(FLINK_LIB), root.resolve(FLINK_CONF));
    }

    /**
     * The layout of the project root named by {@value #HOME_PROPERTY}, else of the nearest enclosing project root of
     * the working directory.
     *
     * @throws IllegalStateException if neither gives a project root
     */
    public static FlinkLayout locate() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            return ofProjectRoot(Path.of(home));
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(FLINK_CONF).resolve(FlinkConfig.CONFIG_FILE))
                    && Files.isDirectory(dir.resolve("flink-cluster"))) {
                return ofProjectRoot(dir);
            }
        }
        throw new IllegalStateException("cannot find the kafkasim project root (a folder with " + FLINK_CONF + "/"
                + FlinkConfig.CONFIG_FILE + " and flink-cluster/) from " + start
                + "; set -D" + HOME_PROPERTY + "=<project root>");
    }

    /**
     * Checks that both folders hold what the cluster needs.
     *
     * @throws IllegalStateException naming what is missing and how to get it
     */
    public FlinkLayout validate() {
        if (!Files.isDirectory(flinkLibDir) || !hasJar("flink-runtime-") || !hasJar("kafkasim-common-")) {
            throw new IllegalStateException("the Flink runtime folder " + flinkLibDir + " is missing or incomplete "
                    + "(it needs flink-runtime-*.jar and kafkasim-common-*.jar); build it with "
                    + "`mvn -B install -DskipTests` (module flink-cluster)");
        }
        for (String file : new String[] {FlinkConfig.CONFIG_FILE, FlinkConfig.LOG4J_FILE}) {
            if (!Files.isRegularFile(confTemplateDir.resolve(file))) {
                throw new IllegalStateException("the Flink configuration template folder " + confTemplateDir
                        + " has no " + file);
            }
        }
        return this;
    }

    /** The classpath of the cluster JVMs: every jar of {@link #flinkLibDir()} (a JVM classpath wildcard). */
    public String classpath() {
        return flinkLibDir.resolve("*").toString();
    }

    private boolean hasJar(String prefix) {
        try (Stream<Path> files = Files.list(flinkLibDir)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(name -> name.startsWith(prefix) && name.endsWith(".jar"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
