package kafkasim.simulation.it;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafkasim.common.json.Json;
import kafkasim.common.process.ChildJvm;
import kafkasim.infra.flink.FlinkRestClient;
import kafkasim.simulation.cli.Main;

/** A {@code kafkasim generate} orchestrator running as a real child process, with its output captured. */
final class GeneratorRun implements AutoCloseable {
    static final Pattern WEB_UI = Pattern.compile("web UI (http://127\\.0\\.0\\.1:\\d+)/?");
    static final Pattern JOB_ID = Pattern.compile("(fast|medium|slow|report)=([0-9a-f]{32})");
    /** The progress line's running total: {@code produced 317/s  total 4,960}. */
    static final Pattern PRODUCED_TOTAL = Pattern.compile("produced +[\\d,.]+/s +total +([\\d,]+)");
    final Process process;
    final Path runDir;
    final List<String> lines = new CopyOnWriteArrayList<>();

    private GeneratorRun(Process process, Path runDir) {
        this.process = process;
        this.runDir = runDir;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    System.out.println("  | " + line);
                }
            } catch (IOException ignored) {
                // process gone
            }
        }, "generator-output");
        reader.setDaemon(true);
        reader.start();
    }

    static GeneratorRun start(Path scenarioFile, String bootstrap, Path runDir, String... extraArgs)
            throws IOException {
        ChildJvm jvm = ChildJvm.of(Main.class).arg("generate").arg(scenarioFile.toString())
                .arg("--kafka-bootstrap").arg(bootstrap).arg("--out").arg(runDir.toString())
                .args(List.of(extraArgs))
                .stderr(ProcessBuilder.Redirect.INHERIT);
        return new GeneratorRun(jvm.start(), runDir);
    }

    /**
     * Starts {@code kafkasim ARGS…} as users run it (project root as {@code kafkasim.home}, so the embedded Flink
     * and HiveMQ runtimes are found) and follows it; {@code runDir} is the results folder the arguments name.
     */
    static GeneratorRun cli(Path runDir, List<String> args) throws IOException {
        Process p = ChildJvm.of(Main.class).jvmArg("-Dkafkasim.home=" + RunIT.HOME).args(args)
                .stderr(ProcessBuilder.Redirect.INHERIT).start();
        return new GeneratorRun(p, runDir);
    }

    /** Follows an already started {@code kafkasim} process. */
    static GeneratorRun attach(Process process, Path runDir) {
        return new GeneratorRun(process, runDir);
    }

    /** A live descendant whose command line contains {@code mainClass} anywhere (e.g. after WatchedMain). */
    ProcessHandle descendantRunning(String mainClass, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var found = process.descendants().filter(ProcessHandle::isAlive)
                    .filter(h -> List.of(commandLine(h)).contains(mainClass)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        return fail("no live process " + mainClass + " under the orchestrator");
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Waits for an output line matching {@code p}. */
    String awaitLine(Predicate<String> p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String l : lines) {
                if (p.test(l)) {
                    return l;
                }
            }
            if (!process.isAlive() && lines.stream().noneMatch(p)) {
                fail("generator exited (" + process.exitValue() + ") before printing the expected line");
            }
            Thread.sleep(100);
        }
        return fail("no matching line within " + timeout);
    }

    /**
     * Waits until every path job of a {@code run} has completed {@code checkpoints} checkpoints since it started
     * (read from the Flink cluster the run printed), the signal that its sources committed positions to restore
     * from; returns the jobs by name.
     */
    Map<String, String> awaitPathCheckpoints(int checkpoints, Duration timeout) throws InterruptedException {
        Matcher ui = WEB_UI.matcher(awaitLine(l -> l.startsWith("Flink ready"), timeout));
        if (!ui.find()) {
            fail("no web UI address in the Flink ready line");
        }
        Map<String, String> jobs = new TreeMap<>();
        Matcher id = JOB_ID.matcher(awaitLine(l -> l.startsWith("Flink jobs running"), timeout));
        while (id.find()) {
            jobs.put(id.group(1), id.group(2));
        }
        FlinkRestClient flink = new FlinkRestClient(ui.group(1));
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String path : List.of("fast", "medium", "slow")) {
            while (flink.checkpoints(jobs.get(path)).completed() < checkpoints) {
                if (System.nanoTime() > deadline) {
                    fail(path + " has not completed " + checkpoints + " checkpoints within " + timeout);
                }
                Thread.sleep(100); // polls the signal
            }
        }
        return jobs;
    }

    /**
     * Waits until the run's progress lines report at least {@code messages} produced in all (a signal that the
     * workers have been sending for a while, whatever the host's speed).
     */
    void awaitProduced(long messages, Duration timeout) throws InterruptedException {
        awaitLine(l -> {
            Matcher m = PRODUCED_TOTAL.matcher(l);
            return m.find() && Long.parseLong(m.group(1).replace(",", "")) >= messages;
        }, timeout);
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("generator still running after " + timeout);
        }
        return process.exitValue();
    }

    JsonNode summary() throws IOException {
        return Json.mapper().readTree(runDir.resolve("summary.json").toFile());
    }

    /** devices.csv as deviceId → produced. */
    Map<String, Long> devicesCsv() throws IOException {
        Map<String, Long> m = new TreeMap<>();
        List<String> rows = Files.readAllLines(runDir.resolve("devices.csv"));
        for (String row : rows.subList(1, rows.size())) {
            String[] cols = row.split(",");
            m.put(cols[0], Long.parseLong(cols[1]));
        }
        return m;
    }

    /** The live process running {@code mainClass} (with {@code firstArg}, if given) below this orchestrator. */
    ProcessHandle descendant(String mainClass, String firstArg, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var found = process.descendants().filter(h -> {
                String[] args = commandLine(h);
                for (int i = 0; i < args.length; i++) {
                    if (args[i].equals(mainClass)) {
                        return firstArg == null || (i + 1 < args.length && args[i + 1].equals(firstArg));
                    }
                }
                return false;
            }).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        return fail("no process " + mainClass + " " + firstArg + " under the orchestrator");
    }

    /** Linux: /proc/PID/cmdline (ProcessHandle.Info truncates long command lines such as ours). */
    static String[] commandLine(ProcessHandle h) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline")),
                    StandardCharsets.UTF_8).split("\0");
        } catch (IOException e) {
            return new String[0];
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
