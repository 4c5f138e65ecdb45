package kafkasim.simulation.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafkasim.simulation.faults.ProcessSignals;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every process fault in one real run on the embedded stack: each really happens (the process is gone or stopped,
 * checked in /proc, not in kafkasim's own report), the run completes, and every path's accounting adds up.
 */
@Tag("slow") // a fault or bench run: left out of mvn verify -Pquick
class FaultsIT {
    private static final Pattern PID = Pattern.compile("pid (\\d+)");

    @TempDir
    Path dir;

    @Test
    void everyProcessFaultHappensAndTheAccountingAddsUp() throws Exception {
        Path scenario = Files.writeString(dir.resolve("faults.json"), """
                { "name": "faults", "durationSec": 60, "warmupSec": 3,
                  "kafka": { "partitions": 2 },
                  "paths": { "checkpointIntervalMs": 1000 },
                  "devices": [ { "type": "temperature", "count": 40, "ratePerSec": 5, "payloadBytes": 300 } ],
                  "faults": [
                    { "atSec": 5, "action": "kill-worker" },
                    { "atSec": 10, "action": "pause-broker", "forSec": 3 },
                    { "atSec": 20, "action": "kill-broker", "forSec": 3 },
                    { "atSec": 40, "action": "stop-database", "forSec": 3 },
                    { "atSec": 46, "action": "kill-taskmanager" },
                    { "atSec": 50, "action": "kill-manager" } ] }
                """);
        Path runDir = dir.resolve("run");
        try (GeneratorRun run = GeneratorRun.cli(runDir, List.of("run", scenario.toString(), "--out",
                runDir.toString()))) {
            List<Long> killed = new ArrayList<>();
            killed.add(pid(run.awaitLine(l -> l.startsWith("fault at 5 s: kill-worker 0"), Duration.ofSeconds(180))));
            long paused = pid(run.awaitLine(l -> l.startsWith("fault at 10 s: pause-broker 1"),
                    Duration.ofSeconds(30)));
            assertEquals("T", ProcessSignals.state(paused), "the broker is stopped while paused");
            run.awaitLine(l -> l.startsWith("fault over: pause-broker 1"), Duration.ofSeconds(30));
            assertFalse("T".equals(ProcessSignals.state(paused)), "and continued after");
            killed.add(pid(run.awaitLine(l -> l.startsWith("fault at 20 s: kill-broker 1"), Duration.ofSeconds(30))));
            long restarted = pid(run.awaitLine(l -> l.startsWith("fault over: kill-broker 1"), Duration.ofSeconds(90)));
            assertTrue(ProcessHandle.of(restarted).map(ProcessHandle::isAlive).orElse(false), "the new broker runs");
            killed.add(pid(run.awaitLine(l -> l.startsWith("fault at 40 s: stop-database"), Duration.ofSeconds(30))));
            run.awaitLine(l -> l.startsWith("fault over: stop-database"), Duration.ofSeconds(90));
            killed.add(pid(run.awaitLine(l -> l.startsWith("fault at 46 s: kill-taskmanager 0"),
                    Duration.ofSeconds(60))));
            killed.add(pid(run.awaitLine(l -> l.startsWith("fault at 50 s: kill-manager"), Duration.ofSeconds(60))));
            for (long pid : killed) {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " gone");
            }
            run.awaitLine(l -> l.contains("FAULT "), Duration.ofSeconds(1)); // the progress lines marked them
            int exit = run.awaitExit(Duration.ofSeconds(300));

            JsonNode summary = run.summary();
            System.out.println("faults: " + summary.path("faults") + "\npaths: " + summary.path("paths")
                    + "\nwarnings: " + summary.path("warnings"));
            assertEquals(0, exit, "complete: " + summary.path("warnings"));
            JsonNode faults = summary.path("faults");
            assertEquals(6, faults.size(), faults.toString());
            for (JsonNode f : faults) {
                assertTrue(f.hasNonNull("applied") && !f.has("error"), f.toString());
            }
            JsonNode pause = faults.get(1);
            assertEquals("pause-broker", pause.path("action").asText());
            assertTrue(pause.path("recoverySec").asDouble() > 0, "the paths stalled and came back: " + pause);
            JsonNode brokerKill = faults.get(2);
            assertEquals("kill-broker", brokerKill.path("action").asText());
            assertTrue(brokerKill.path("endedAtMs").asLong() - brokerKill.path("appliedAtMs").asLong() >= 3000,
                    brokerKill.toString());
            RunIT.assertAccountingAddsUp(summary);
            for (String path : RunIT.PATHS) {
                JsonNode p = summary.path("paths").path(path);
                assertEquals(0, p.path("lost").asLong(), path + ": acks=all on a broker killed and restarted");
                assertEquals(0, p.path("backlog").asLong(), path + ": metric records survived the outage too");
            }
            assertTrue(summary.at("/processes/restarted").asInt() >= 2, "worker and manager restarted: "
                    + summary.path("processes"));
            List<String> windows = Files.readAllLines(runDir.resolve("windows.csv"));
            assertTrue(windows.get(0).endsWith(",faults"), windows.get(0));
            assertTrue(windows.stream().anyMatch(w -> w.endsWith(",kill-broker 1")), "windows.csv marks the kill");
        }
    }

    private static long pid(String line) {
        Matcher m = PID.matcher(line);
        assertTrue(m.find(), "a pid in: " + line);
        long pid = Long.parseLong(m.group(1));
        while (m.find()) {
            pid = Long.parseLong(m.group(1)); // the last one: "fault over" names the new process last
        }
        return pid;
    }

}
