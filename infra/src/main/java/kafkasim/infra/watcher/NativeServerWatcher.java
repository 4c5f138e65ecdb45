package kafkasim.infra.watcher;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import kafkasim.common.process.ChildJvm;
import kafkasim.common.process.ParentWatch;
import kafkasim.infra.ChildProcesses;

/**
 * The launcher's side of {@link NativeServerMain}: starts the watcher JVM for a native server, finds the server
 * under it, and stops both. Process tree: this JVM → watcher JVM → server.
 */
public final class NativeServerWatcher {
    /** JVM options of the watcher JVM: it only waits, so it is kept small. */
    public static final List<String> WATCHER_JVM_OPTIONS = List.of(
            "-Xms8m", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-Xss512k", "-XX:MaxMetaspaceSize=64m", "-Djava.awt.headless=true");

    private static volatile Boolean setprivPdeathsig;

    private NativeServerWatcher() {
    }

    /**
     * Starts the watcher JVM in {@code workDir}; its stdout and stderr (the server's too) are appended to
     * {@code logFile}, its stdin is closed.
     */
    public static Process start(NativeServerSpec spec, Path workDir, Path logFile) throws IOException {
        ChildJvm jvm = ChildJvm.of(NativeServerMain.class);
        WATCHER_JVM_OPTIONS.forEach(jvm::jvmArg);
        Process watcher = jvm.classpath(watcherClasspath())
                .workDir(workDir)
                .stdout(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .stderr(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .args(spec.toArgs())
                .start();
        try {
            watcher.getOutputStream().close(); // the watcher reads no stdin
        } catch (IOException ignored) {
            // nothing to do
        }
        return watcher;
    }

    /**
     * {@code setpriv --pdeathsig=SIG --} where setpriv can set a parent-death signal (util-linux 2.33 and later),
     * else nothing: put before a server's command, the kernel sends it {@code signal} when the watcher dies, even by
     * SIGKILL. Probed once per JVM.
     */
    public static List<String> deathSignalPrefix(String signal) {
        if (setprivPdeathsig == null) {
            setprivPdeathsig = ChildProcesses.exitsZero(List.of("setpriv", "--pdeathsig=TERM", "--", "true"));
        }
        return setprivPdeathsig ? List.of("setpriv", "--pdeathsig=" + signal, "--") : List.of();
    }

    /** The process running program {@code name} under the watcher, if it is (still) there. */
    public static Optional<ProcessHandle> serverProcess(Process watcher, String name) {
        return watcher.toHandle().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/" + name)).orElse(false))
                .findFirst();
    }

    /**
     * SIGTERM to the watcher (its shutdown hook stops the server), SIGKILL after {@code timeout}; then makes sure
     * the server (if known) is gone too: after a SIGKILLed watcher its parent-death signal is on its way, so it gets
     * {@code timeout} before it is killed as well.
     */
    public static void stop(Process watcher, Optional<ProcessHandle> server, Duration timeout) {
        ChildProcesses.stop(watcher, timeout);
        server.filter(ProcessHandle::isAlive).ifPresent(h -> {
            try {
                h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception notInTime) {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            }
        });
    }

    /**
     * The watcher needs only kafkasim-infra and kafkasim-common: their locations (absolute), or, if they cannot be
     * told, this JVM's whole classpath made absolute.
     */
    public static String watcherClasspath() {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : List.of(NativeServerMain.class, ParentWatch.class)) {
            try {
                CodeSource source = c.getProtectionDomain().getCodeSource();
                if (source == null || source.getLocation() == null) {
                    return absoluteClasspath();
                }
                String entry = Path.of(source.getLocation().toURI()).toAbsolutePath().toString();
                if (!entries.contains(entry)) {
                    entries.add(entry);
                }
            } catch (URISyntaxException | RuntimeException e) {
                return absoluteClasspath();
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** This JVM's classpath with relative entries made absolute (the watcher runs in the work directory). */
    public static String absoluteClasspath() {
        String cp = System.getProperty("java.class.path", "");
        return Arrays.stream(cp.split(File.pathSeparator))
                .filter(e -> !e.isEmpty())
                .map(e -> e.endsWith("*") ? e : Path.of(e).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
