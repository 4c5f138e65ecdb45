package kafkasim.simulation.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafkasim.infra.flink.FlinkRestClient;
import kafkasim.infra.flink.JobStatus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill-jobmanager} in a real run on the embedded stack: the JobManager JVM really dies (checked in /proc,
 * not in kafkasim's report), a new one answers on the same REST address, the four jobs run again there under new
 * ids, restored from the checkpoints the fault names, and every path's accounting adds up with nothing lost.
 */
@Tag("slow") // a fault or bench run: left out of mvn verify -Pquick
class JobManagerFaultIT {
    private static final Pattern KILLED = Pattern.compile("SIGKILL to the JobManager \\(pid (\\d+)\\); a new"
            + " JobManager \\(pid (\\d+)\\)");
    private static final Pattern RESUBMITTED = Pattern.compile(
            "(fast|medium|slow|report) (from chk-(\\d+)|fresh \\([^)]*\\)) as ([0-9a-f]{32})");

    @TempDir
    Path dir;

    @Test
    void theJobManagerIsReplacedAndTheJobsResumeFromTheirCheckpoints() throws Exception {
        Path scenario = Files.writeString(dir.resolve("jm.json"), """
                { "name": "kill-jobmanager", "durationSec": 45, "warmupSec": 3,
                  "kafka": { "partitions": 2 },
                  "paths": { "checkpointIntervalMs": 1000 },
                  "devices": [ { "type": "temperature", "count": 40, "ratePerSec": 5, "payloadBytes": 300 } ],
                  "faults": [ { "atSec": 15, "action": "kill-jobmanager" } ] }
                """);
        Path runDir = dir.resolve("run");
        try (GeneratorRun run = GeneratorRun.cli(runDir, List.of("run", scenario.toString(), "--out",
                runDir.toString()))) {
            Matcher ui = GeneratorRun.WEB_UI.matcher(run.awaitLine(l -> l.startsWith("Flink ready"),
                    Duration.ofSeconds(180)));
            assertTrue(ui.find());
            Map<String, String> before = jobIds(GeneratorRun.JOB_ID,
                    run.awaitLine(l -> l.startsWith("Flink jobs running"), Duration.ofSeconds(180)));
            assertEquals(4, before.size(), before.toString());

            String fault = run.awaitLine(l -> l.startsWith("fault at 15 s: kill-jobmanager"), Duration.ofSeconds(240));
            Matcher pids = KILLED.matcher(fault);
            assertTrue(pids.find(), fault);
            long killedPid = Long.parseLong(pids.group(1));
            long newPid = Long.parseLong(pids.group(2));
            assertFalse(ProcessHandle.of(killedPid).map(ProcessHandle::isAlive).orElse(false), "old JobManager gone");
            assertTrue(ProcessHandle.of(newPid).map(ProcessHandle::isAlive).orElse(false), "new JobManager runs");
            assertTrue(List.of(GeneratorRun.commandLine(ProcessHandle.of(newPid).orElseThrow()))
                    .contains("-Dkafkasim.flink.role=jobmanager"), "the new pid is a JobManager");

            Map<String, String> after = new LinkedHashMap<>();
            Map<String, Long> checkpointByJob = new LinkedHashMap<>();
            Matcher m = RESUBMITTED.matcher(fault);
            while (m.find()) {
                after.put(m.group(1), m.group(4));
                if (m.group(3) != null) {
                    checkpointByJob.put(m.group(1), Long.parseLong(m.group(3)));
                }
            }
            assertEquals(before.keySet(), after.keySet(), fault);
            for (String path : RunIT.PATHS) {
                assertTrue(checkpointByJob.containsKey(path), "1 s checkpoints: " + path + " had one: " + fault);
            }
            // the same REST address answers, from the new JobManager: it knows the new jobs only, all running
            FlinkRestClient flink = new FlinkRestClient(ui.group(1));
            List<JobStatus> jobs = flink.jobs();
            assertEquals(4, jobs.size(), jobs.toString());
            for (JobStatus j : jobs) {
                assertTrue(after.containsValue(j.id()), "a resubmitted job: " + j);
                assertFalse(before.containsValue(j.id()), "not an old one: " + j);
                assertEquals("RUNNING", j.state(), j.toString());
            }
            for (Map.Entry<String, Long> e : checkpointByJob.entrySet()) {
                assertNotEquals(before.get(e.getKey()), after.get(e.getKey()));
                assertEquals(e.getValue(), flink.checkpoints(after.get(e.getKey())).lastRestoredId(),
                        e.getKey() + " restored from the checkpoint the fault names");
            }

            int exit = run.awaitExit(Duration.ofSeconds(300));
            JsonNode summary = run.summary();
            System.out.println("faults: " + summary.path("faults") + "\npaths: " + summary.path("paths")
                    + "\nwarnings: " + summary.path("warnings"));
            assertEquals(0, exit, "complete: " + summary.path("warnings"));
            JsonNode applied = summary.path("faults");
            assertEquals(1, applied.size(), applied.toString());
            assertTrue(applied.get(0).hasNonNull("applied") && !applied.get(0).has("error"), applied.toString());
            long produced = summary.path("produced").asLong();
            assertTrue(produced > 0, summary.toString());
            RunIT.assertAccountingAddsUp(summary);
            for (String path : RunIT.PATHS) {
                JsonNode p = summary.path("paths").path(path);
                assertEquals(0, p.path("lost").asLong(), path + ": restored from its checkpoint, nothing skipped");
                assertEquals(0, p.path("backlog").asLong(), path + ": " + p);
            }
        }
    }

    private static Map<String, String> jobIds(Pattern p, String line) {
        Map<String, String> ids = new LinkedHashMap<>();
        Matcher m = p.matcher(line);
        while (m.find()) {
            ids.put(m.group(1), m.group(2));
        }
        return ids;
    }
}
