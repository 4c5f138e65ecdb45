package kafkasim.infra.postgres;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import kafkasim.infra.ChildProcesses;
import kafkasim.infra.StartException;

/** {@code initdb} of a new cluster: superuser postgres, trust authentication, UTF8, C locale. */
final class PostgresInitdb {
    private PostgresInitdb() {
    }

    static List<String> command(RunAs runAs, Path installDir, Path dataDir) {
        return runAs.command("TERM", List.of(
                installDir.resolve("bin/initdb").toString(),
                "-D", dataDir.toString(),
                "-U", EmbeddedPostgres.USER,
                "-A", "trust",
                "-E", "UTF8",
                "--locale=C",
                "--no-sync", // scratch database: do not wait for the disk
                "--no-instructions"));
    }

    /**
     * Runs initdb into {@code work.dataDir()} until {@code deadlineNanos}, its output appended to the log.
     *
     * @return how long it took, in milliseconds
     * @throws StartException if it fails or does not finish in time (then it is stopped: it removes its half-made
     *                        data directory on SIGTERM); the message quotes its output
     */
    static long run(RunAs runAs, PostgresBinaries.Installation binaries, PostgresWorkDir work, long deadlineNanos,
                    Duration timeout) {
        List<String> cmd = command(runAs, binaries.dir(), work.dataDir());
        Path logFile = work.logFile();
        long offset = ChildProcesses.sizeOf(logFile);
        work.note("initdb: " + String.join(" ", cmd));
        long t0 = System.nanoTime();
        Process initdb = start(cmd, work);
        boolean done;
        try {
            done = initdb.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            initdb.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while initdb ran. Log: " + logFile, e);
        }
        if (!done) {
            ChildProcesses.stop(initdb, Duration.ofSeconds(5));
            throw new StartException("PostgreSQL failed to start: initdb did not finish within "
                    + timeout.toMillis() / 1000.0 + " s (data directory " + work.dataDir() + "). Log: " + logFile
                    + PostgresLog.describe(ChildProcesses.readSince(logFile, offset)));
        }
        if (initdb.exitValue() != 0) {
            throw new StartException("PostgreSQL failed to start: initdb exited with code " + initdb.exitValue()
                    + " (data directory " + work.dataDir() + ", running as " + runAs + "). Log: " + logFile
                    + PostgresLog.describe(ChildProcesses.readSince(logFile, offset)));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        work.note("initdb took " + millis + " ms");
        return millis;
    }

    private static Process start(List<String> cmd, PostgresWorkDir work) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(work.dir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(work.logFile().toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(work.logFile().toFile()));
            PostgresLaunch.watcherSpec(cmd).applyTo(pb.environment()); // initdb gets the server's environment
            return pb.start();
        } catch (IOException e) {
            throw new StartException("PostgreSQL failed to start: could not run initdb (" + String.join(" ", cmd)
                    + "): " + e + ". Log: " + work.logFile(), e);
        }
    }
}
