package kafkasim.infra.mqtt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The HiveMQ broker JVM's classpath folder, {@code mqtt-broker/target/hivemq-lib} (the module's jar and HiveMQ's
 * runtime, assembled by {@code mvn package}; a classpath of its own, as HiveMQ's Netty, Guava, Jackson and Logback
 * must not meet other modules').
 *
 * <p>Found from the kafkasim project root as {@code FlinkLayout} finds Flink's: the system property
 * {@value #HOME_PROPERTY} (the launcher sets it), else the nearest folder, from the working directory up, that holds
 * {@code pom.xml} and {@code mqtt-broker/pom.xml}.
 */
public record HiveMqRuntime(Path libDir) {
    public static final String HOME_PROPERTY = "kafkasim.home";
    /** Relative to the project root. */
    public static final String HIVEMQ_LIB = "mqtt-broker/target/hivemq-lib";
    static final String BUILD_COMMAND = "mvn -B -DskipTests package (from the project root; module mqtt-broker)";

    public HiveMqRuntime {
        libDir = Objects.requireNonNull(libDir, "libDir").toAbsolutePath().normalize();
    }

    public static HiveMqRuntime ofProjectRoot(Path projectRoot) {
        return new HiveMqRuntime(projectRoot.toAbsolutePath().normalize().resolve(HIVEMQ_LIB));
    }

    /**
     * The runtime of the project root named by {@value #HOME_PROPERTY}, else of the nearest enclosing project root
     * of the working directory.
     *
     * @throws IllegalStateException if neither gives a project root
     */
    public static HiveMqRuntime locate() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            return ofProjectRoot(Path.of(home));
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("mqtt-broker/pom.xml"))) {
                return ofProjectRoot(dir);
            }
        }
        throw new IllegalStateException("cannot find the kafkasim project root (a folder with pom.xml and "
                + "mqtt-broker/pom.xml) from " + start + "; set -D" + HOME_PROPERTY + "=<project root>");
    }

    /**
     * Checks that the folder holds HiveMQ and kafkasim's broker main.
     *
     * @throws IllegalStateException naming the folder and how to build it
     */
    public HiveMqRuntime validate() {
        if (!Files.isDirectory(libDir) || !hasJar("hivemq-community-edition-embedded-")
                || !hasJar("kafkasim-mqtt-broker-") || !hasJar("kafkasim-common-")) {
            throw new IllegalStateException("the HiveMQ runtime folder " + libDir + " is missing or incomplete (it "
                    + "needs hivemq-community-edition-embedded-*.jar, kafkasim-mqtt-broker-*.jar and "
                    + "kafkasim-common-*.jar); build it with " + BUILD_COMMAND);
        }
        return this;
    }

    /** Every jar of {@link #libDir()} (a JVM classpath wildcard). */
    public String classpath() {
        return libDir.resolve("*").toString();
    }

    private boolean hasJar(String prefix) {
        try (Stream<Path> files = Files.list(libDir)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(name -> name.startsWith(prefix) && name.endsWith(".jar"));
        } catch (IOException e) {
            return false;
        }
    }
}
