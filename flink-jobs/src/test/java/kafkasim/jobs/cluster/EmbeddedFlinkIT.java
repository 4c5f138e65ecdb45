package kafkasim.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kafkasim.common.process.ChildJvm;
import kafkasim.infra.flink.CheckpointStats;
import kafkasim.infra.flink.EmbeddedFlink;
import kafkasim.infra.flink.FlinkRestClient;
import kafkasim.infra.flink.JobStatus;
import kafkasim.infra.flink.Overview;

/**
 * A real Flink standalone session cluster from {@code flink-cluster/target/flink-lib}: web UI, jar upload and run
 * over REST, a lost and replaced TaskManager, stop-with-savepoint, clean shutdown, and no orphans after the parent
 * is killed. Prints its measurements (one line starting with {@code EmbeddedFlinkIT}).
 */
class EmbeddedFlinkIT {

    @Test
    void runsJobsSurvivesALostTaskManagerAndCleansUp(@TempDir Path dir) throws Exception {
        Path work = dir.resolve("flink");
        List<Long> pids = new ArrayList<>();
        EmbeddedFlink flink = null;
        try {
            flink = EmbeddedFlink.start(work, 1);
            pids.add(flink.jobManagerPid());
            pids.addAll(flink.taskManagerPids());
            EmbeddedFlink.StartupTimings timings = flink.startupTimings();
            long jmRss = EmbeddedFlink.residentSetBytes(flink.jobManagerPid()).orElse(-1);
            long tmRss = EmbeddedFlink.residentSetBytes(flink.taskManagerPids().get(0)).orElse(-1);

            // the web dashboard and the REST API answer on loopback
            assertTrue(flink.restUrl().startsWith("http://127.0.0.1:"), flink.restUrl());
            HttpResponse<String> ui = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create(flink.webUiUrl())).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ui.statusCode());
            assertTrue(ui.body().contains("Apache Flink Web Dashboard"), ui.body());
            FlinkRestClient rest = new FlinkRestClient(flink.restUrl());
            Overview overview = rest.overview();
            assertEquals(1, overview.taskManagers(), overview.toString());
            assertEquals(8, overview.slotsTotal(), overview.toString());
            assertEquals("2.2.1", overview.flinkVersion());

            // a finite job: upload, run with programArgsList, FINISHED, listed
            Path jar = smokeJobJar(dir);
            String jarId = rest.uploadJar(jar);
            String finite = rest.runJar(jarId, SmokeJob.class.getName(),
                    List.of("--count", "20000", "--name", "smoke finite"), 2);
            JobStatus finished = rest.awaitState(finite, Duration.ofSeconds(60), "FINISHED");
            assertEquals("smoke finite", finished.name(), "the name came through programArgsList");
            assertTrue(rest.jobs().contains(new JobStatus(finite, "smoke finite", "FINISHED")), rest.jobs().toString());

            // an endless job: upload + run until every vertex is RUNNING, then a checkpoint
            long t0 = System.nanoTime();
            String jarId2 = rest.uploadJar(jar);
            String endless = rest.runJar(jarId2, SmokeJob.class.getName(),
                    List.of("--endless", "--name", "smoke endless"), 1);
            rest.awaitRunning(endless, Duration.ofSeconds(60));
            long uploadRunMillis = millisSince(t0);
            awaitTrue(() -> rest.lastCheckpointId(endless) >= 1, Duration.ofSeconds(30), "a first checkpoint");

            // a lost TaskManager is replaced and the job restores from its checkpoint
            long t1 = System.nanoTime();
            flink.killTaskManager(0);
            assertFalse(flink.isTaskManagerAlive(0));
            int replacement = flink.startTaskManager();
            pids.add(flink.taskManagerPids().get(replacement));
            assertEquals(1, replacement);
            assertTrue(rest.taskManagerIds().contains("taskmanager-1"), rest.taskManagerIds().toString());
            awaitTrue(() -> rest.overview().taskManagers() == 1
                            && rest.taskManagerIds().equals(List.of("taskmanager-1")),
                    Duration.ofSeconds(30), "the lost TaskManager to be dropped");
            awaitTrue(() -> rest.checkpoints(endless).restored() >= 1, Duration.ofSeconds(60),
                    "the job to restore from a checkpoint");
            rest.awaitRunning(endless, Duration.ofSeconds(60));
            long recoveryMillis = millisSince(t1);
            CheckpointStats stats = rest.checkpoints(endless);
            assertTrue(stats.lastRestoredId() >= 1, stats.toString());

            // stop with a savepoint into the cluster's default savepoint directory
            String savepoint = rest.stopWithSavepoint(endless, null);
            assertTrue(savepoint.contains(flink.savepointDir().toString()), savepoint);
            rest.awaitState(endless, Duration.ofSeconds(30), "FINISHED");

            // close: every cluster JVM is gone and so is the unpacked RPC jar
            long t2 = System.nanoTime();
            flink.close();
            long closeMillis = millisSince(t2);
            for (long pid : pids) {
                assertFalse(alive(pid), "pid " + pid + " still alive after close()");
            }
            assertEquals(List.of(), rpcJars(work), "RPC jars left in " + work);
            try (Stream<Path> left = Files.list(flink.tmpDir())) {
                assertEquals(List.of(), left.collect(Collectors.toList()), "tmp/ is emptied by close()");
            }
            assertTrue(Files.size(flink.logDir().resolve("jobmanager.log")) > 0);
            assertTrue(Files.size(flink.logDir().resolve("taskmanager-1.log")) > 0);
            flink.close(); // idempotent

            System.out.printf("EmbeddedFlinkIT: bashJavaUtils=%d ms, jobManagerUp=%d ms, taskManagerRegistered=%d ms,"
                            + " ready=%d ms, rss jobManager=%d MB taskManager=%d MB, upload+run->RUNNING=%d ms,"
                            + " kill TM->restored+RUNNING=%d ms, close=%d ms%n",
                    timings.resourceParamsMillis(), timings.jobManagerUpMillis(),
                    timings.taskManagersRegisteredMillis(), timings.totalMillis(), jmRss >> 20, tmRss >> 20,
                    uploadRunMillis, recoveryMillis, closeMillis);
        } finally {
            if (flink != null) {
                flink.close();
            }
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void clusterExitsWhenItsParentIsKilled(@TempDir Path dir) throws Exception {
        Path parentLog = dir.resolve("parent.log");
        Process parent = ChildJvm.of(FlinkOrphanParentMain.class)
                .arg(dir.resolve("flink").toString())
                .stdout(ProcessBuilder.Redirect.to(parentLog.toFile()))
                .stderr(ProcessBuilder.Redirect.appendTo(parentLog.toFile()))
                .start();
        List<Long> pids = new ArrayList<>();
        try {
            pids.addAll(awaitClusterPids(parent, parentLog));
            for (long pid : pids) {
                assertTrue(alive(pid), "cluster pid " + pid + " should run while its parent lives");
            }

            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS), "the intermediate JVM did not die");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (pids.stream().anyMatch(EmbeddedFlinkIT::alive) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            for (long pid : pids) {
                assertFalse(alive(pid), "cluster pid " + pid + " still alive 5 s after its parent was killed");
            }
        } finally {
            parent.destroyForcibly();
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    /** A jar holding only {@link SmokeJob} and its nested classes, as a user would build one. */
    private static Path smokeJobJar(Path dir) throws IOException, URISyntaxException {
        Path classes = Path.of(SmokeJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String packagePath = SmokeJob.class.getPackageName().replace('.', '/');
        Path packageDir = classes.resolve(packagePath);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Path jar = dir.resolve("smoke-job.jar");
        try (OutputStream out = Files.newOutputStream(jar);
             JarOutputStream jos = new JarOutputStream(out, manifest);
             Stream<Path> files = Files.list(packageDir)) {
            List<Path> smokeClasses = files.filter(p -> p.getFileName().toString().startsWith("SmokeJob"))
                    .sorted().collect(Collectors.toList());
            assertTrue(smokeClasses.size() >= 2, "SmokeJob and SmokeJob$Doubler: " + smokeClasses);
            for (Path c : smokeClasses) {
                jos.putNextEntry(new JarEntry(packagePath + "/" + c.getFileName()));
                jos.write(Files.readAllBytes(c));
                jos.closeEntry();
            }
        }
        return jar;
    }

    private static List<Path> rpcJars(Path work) throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            return files.filter(p -> p.getFileName().toString().startsWith("flink-rpc-akka"))
                    .collect(Collectors.toList());
        }
    }

    private static List<Long> awaitClusterPids(Process parent, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            if (lines.stream().anyMatch(l -> l.startsWith("READY "))) {
                return lines.stream().filter(l -> l.startsWith("JOBMANAGER_PID ") || l.startsWith("TASKMANAGER_PID "))
                        .map(l -> Long.parseLong(l.substring(l.indexOf(' ') + 1).trim()))
                        .collect(Collectors.toList());
            }
            if (!parent.isAlive()) {
                fail("the intermediate JVM exited with " + parent.exitValue() + ":\n" + String.join("\n", lines));
            }
            Thread.sleep(50);
        }
        fail("the cluster was not READY within 90 s:\n" + Files.readString(log));
        return List.of();
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /** Alive and not a zombie (an orphan is reaped by whatever adopts it; a slow reaper must not fail the test). */
    static boolean alive(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String afterName = stat.substring(stat.lastIndexOf(')') + 1).trim();
            return !afterName.startsWith("Z") && !afterName.startsWith("X");
        } catch (IOException | RuntimeException e) {
            return !Files.isDirectory(Path.of("/proc")) && handle.get().isAlive();
        }
    }
}
