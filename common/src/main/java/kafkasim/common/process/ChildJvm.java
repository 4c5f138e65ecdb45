package kafkasim.common.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a Java main class in a child JVM that shares this JVM's java binary and classpath (the launcher puts the
 * generator jar and its Maven dependencies on it), and tells the child who its parent is so that
 * {@link ParentWatch} can end it when the parent dies.
 */
public final class ChildJvm {
    /** System property carrying the parent's pid into the child. */
    public static final String PARENT_PID_PROPERTY = ParentWatch.PARENT_PID_PROPERTY;

    private final String mainClass;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private String classpath = System.getProperty("java.class.path");
    private Path workDir;
    private ProcessBuilder.Redirect stdout = ProcessBuilder.Redirect.PIPE;
    private ProcessBuilder.Redirect stderr = ProcessBuilder.Redirect.INHERIT;
    private ProcessBuilder.Redirect stdin = ProcessBuilder.Redirect.PIPE;

    private ChildJvm(String mainClass) {
        this.mainClass = mainClass;
    }

    public static ChildJvm of(Class<?> mainClass) {
        return new ChildJvm(mainClass.getName());
    }

    public static ChildJvm of(String mainClass) {
        return new ChildJvm(mainClass);
    }

    public ChildJvm jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    /** JVM flags from a space-separated string such as an environment variable; blanks are ignored. */
    public ChildJvm jvmArgs(String spaceSeparated) {
        for (String arg : spaceSeparated.trim().split("\\s+")) {
            if (!arg.isEmpty()) {
                jvmArgs.add(arg);
            }
        }
        return this;
    }

    public ChildJvm args(List<String> programArgs) {
        args.addAll(programArgs);
        return this;
    }

    public ChildJvm arg(String arg) {
        args.add(arg);
        return this;
    }

    /** Another classpath than this JVM's (e.g. Flink's runtime jars, which must not meet our Logback). */
    public ChildJvm classpath(String cp) {
        this.classpath = cp;
        return this;
    }

    public ChildJvm workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    public ChildJvm stdin(ProcessBuilder.Redirect redirect) {
        this.stdin = redirect;
        return this;
    }

    public ChildJvm stdout(ProcessBuilder.Redirect redirect) {
        this.stdout = redirect;
        return this;
    }

    public ChildJvm stderr(ProcessBuilder.Redirect redirect) {
        this.stderr = redirect;
        return this;
    }

    /** The full command line, exposed for logging and tests. */
    public List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("-D" + PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    public Process start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command())
                .redirectInput(stdin)
                .redirectOutput(stdout)
                .redirectError(stderr);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        return pb.start();
    }

    /** The java binary of this JVM, so children run on the same Java version. */
    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }
}
