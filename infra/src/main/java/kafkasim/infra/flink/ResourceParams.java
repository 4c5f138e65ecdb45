package kafkasim.infra.flink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafkasim.common.process.ChildJvm;
import kafkasim.infra.StartException;

/**
 * JVM flags (line 1) and {@code -D} arguments (line 2) of one BashJavaUtils command: the memory settings flink-dist's
 * scripts derive from config.yaml before they start a JobManager or TaskManager.
 *
 * <p>They depend only on the configuration template and the Flink jars, so they are computed once and cached beside
 * the Flink runtime folder: the two helper JVMs took 2-3 s of every cold start on a 2-core machine, where they
 * compete with the starting broker and database.
 */
record ResourceParams(List<String> jvmFlags, List<String> dynamicProperties) {
    static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    static final String EXEC_RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final Duration RESOURCE_PARAMS_TIMEOUT = Duration.ofSeconds(30);

    static ResourceParams parse(String command, String stdout) {
        List<String> results = stdout.lines()
                .filter(l -> l.startsWith(EXEC_RESULT_PREFIX))
                .map(l -> l.substring(EXEC_RESULT_PREFIX.length()).strip())
                .collect(Collectors.toList());
        if (results.size() != 2) {
            throw new IllegalArgumentException("BashJavaUtils " + command + " printed " + results.size()
                    + " result line(s) instead of 2:\n" + FlinkLogs.tail(stdout));
        }
        return new ResourceParams(split(results.get(0)), split(results.get(1)));
    }

    private static List<String> split(String line) {
        return line.isBlank() ? List.of() : List.of(line.strip().split("\\s+"));
    }

    /**
     * The JobManager's and the TaskManagers' parameters for {@code template}: from the cache beside the Flink
     * runtime folder if an earlier start computed them for the same template and jars, else computed (and cached;
     * a cache that cannot be written is no reason to fail).
     */
    static ResourceParams[] cached(FlinkLayout layout, Path confDir, Path logDir, String template) {
        Path cache = layout.flinkLibDir().resolveSibling("resource-params-" + key(layout, template) + ".txt");
        try {
            List<String> lines = Files.readAllLines(cache, StandardCharsets.UTF_8);
            if (lines.size() == 4) {
                return new ResourceParams[] {new ResourceParams(split(lines.get(0)), split(lines.get(1))),
                    new ResourceParams(split(lines.get(2)), split(lines.get(3)))};
            }
        } catch (IOException notCachedYet) {
            // computed below
        }
        ResourceParams[] params = compute(layout, confDir, logDir);
        try {
            Path tmp = Files.createTempFile(cache.getParent(), "resource-params", ".tmp");
            Files.write(tmp, List.of(String.join(" ", params[0].jvmFlags()),
                    String.join(" ", params[0].dynamicProperties()), String.join(" ", params[1].jvmFlags()),
                    String.join(" ", params[1].dynamicProperties())), StandardCharsets.UTF_8);
            Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ignored) {
            // the next start computes them again
        }
        return params;
    }

    /** What the parameters depend on: the template and the Flink jars (names carry their versions, plus sizes). */
    static String key(FlinkLayout layout, String template) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(template.getBytes(StandardCharsets.UTF_8));
            try (var jars = Files.list(layout.flinkLibDir())) {
                for (Path jar : jars.sorted().toList()) {
                    sha.update((jar.getFileName() + ":" + Files.size(jar) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (IOException | NoSuchAlgorithmException e) {
            return "uncached-" + System.nanoTime(); // never matches: computed every time
        }
    }

    /** Runs BashJavaUtils for the JobManager and for the TaskManagers, both JVMs at once. */
    static ResourceParams[] compute(FlinkLayout layout, Path confDir, Path logDir) {
        String[] commands = {"GET_JM_RESOURCE_PARAMS", "GET_TM_RESOURCE_PARAMS"};
        Process[] processes = new Process[2];
        Path out = logDir.resolve("bash-java-utils.out");
        long outOffset = FlinkLogs.size(out);
        try {
            for (int i = 0; i < 2; i++) {
                processes[i] = ChildJvm.of(BASH_JAVA_UTILS)
                        .classpath(layout.classpath())
                        // a helper that lives half a second: no optimizing JIT, no parallel GC threads (~0.3 s saved)
                        .jvmArg("-XX:TieredStopAtLevel=1").jvmArg("-XX:+UseSerialGC")
                        .jvmArg("-Dlog.file=" + logDir.resolve("bash-java-utils.log"))
                        .jvmArg("-Dlog4j.configurationFile=" + confDir.resolve(FlinkConfig.LOG4J_FILE))
                        .arg(commands[i]).arg("--configDir").arg(confDir.toString())
                        .stdin(ProcessBuilder.Redirect.PIPE)
                        .stdout(ProcessBuilder.Redirect.PIPE)
                        .stderr(ProcessBuilder.Redirect.appendTo(out.toFile()))
                        .start();
                processes[i].getOutputStream().close();
            }
            ResourceParams[] params = new ResourceParams[2];
            for (int i = 0; i < 2; i++) {
                String stdout;
                try (InputStream in = processes[i].getInputStream()) {
                    stdout = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (!processes[i].waitFor(RESOURCE_PARAMS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new StartException("cannot start Flink: BashJavaUtils " + commands[i]
                            + " did not finish within " + RESOURCE_PARAMS_TIMEOUT.toSeconds() + " s");
                }
                if (processes[i].exitValue() != 0) {
                    throw new StartException("cannot start Flink: BashJavaUtils " + commands[i] + " --configDir "
                            + confDir + " (computes the JVM memory settings from config.yaml) failed with exit code "
                            + processes[i].exitValue() + ":\n" + FlinkLogs.tail(stdout) + "\nstderr (" + out + "):\n"
                            + FlinkLogs.tail(FlinkLogs.readSince(out, outOffset)));
                }
                try {
                    params[i] = ResourceParams.parse(commands[i], stdout);
                } catch (IllegalArgumentException e) {
                    throw new StartException("cannot start Flink: " + e.getMessage(), e);
                }
            }
            return params;
        } catch (IOException e) {
            throw new StartException("could not run BashJavaUtils on " + layout.flinkLibDir() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while computing Flink's resource parameters", e);
        } finally {
            for (Process p : processes) {
                if (p != null && p.isAlive()) {
                    p.destroyForcibly();
                }
            }
        }
    }
}
