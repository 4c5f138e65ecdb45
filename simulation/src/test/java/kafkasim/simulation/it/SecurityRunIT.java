package kafkasim.simulation.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kafkasim.simulation.report.CommittedFiles;

/**
 * A secured Kafka run as users run it: SCRAM-SHA-512 over TLS with ACLs, a group with a wrong password and one
 * outside its ACL. Both are refused and counted exactly, every other group is complete on every path, checked
 * with Kafka's own DumpLogSegments on the broker's files; no password reaches a log, the summary or the output.
 */
class SecurityRunIT {
    @TempDir
    Path dir;

    @Test
    void refusedGroupsAreCountedExactlyAndTheRestIsComplete() throws Exception {
        Path scenario = Files.writeString(dir.resolve("scenario.json"), """
                { "name": "sec", "durationSec": 12, "warmupSec": 3,
                  "kafka": { "partitions": 2 },
                  "paths": { "checkpointIntervalMs": 1000 },
                  "security": { "mode": "sasl_ssl", "acl": true,
                                "groups": { "intruder": { "credentials": "wrong-password" },
                                            "rogue": { "withinAcl": false } } },
                  "devices": [
                    { "type": "temperature", "count": 20, "ratePerSec": 10, "payloadBytes": 300 },
                    { "type": "intruder", "count": 5, "ratePerSec": 4, "payloadBytes": 300 },
                    { "type": "rogue", "count": 5, "ratePerSec": 4, "payloadBytes": 300 } ] }
                """);
        Path runDir = dir.resolve("run");
        JsonNode summary;
        List<String> output;
        java.util.Map<String, Long> devices;
        try (GeneratorRun run = GeneratorRun.cli(runDir, List.of("run", scenario.toString(), "--out",
                runDir.toString(), "--no-dashboard"))) {
            assertEquals(0, run.awaitExit(Duration.ofSeconds(240)), "exit code as for any other run");
            summary = run.summary();
            output = new ArrayList<>(run.lines);
            devices = run.devicesCsv();
        }
        long produced = summary.path("produced").asLong();
        assertTrue(produced > 12 * 200 * 0.8, "about 200 msg/s for 12 s: " + produced);
        long intruderAcked = sum(devices, "intruder-");
        long rogueAcked = sum(devices, "rogue-");
        assertEquals(0, intruderAcked + rogueAcked, "nothing of the refused groups was acknowledged");
        long intruderFailed = failed(runDir, "intruder-");
        long rogueFailed = failed(runDir, "rogue-");
        assertTrue(intruderFailed > 12 * 20 * 0.8 && rogueFailed > 12 * 20 * 0.8, intruderFailed + " " + rogueFailed);
        assertEquals(intruderFailed, summary.at("/security/rejected/intruder/authentication").asLong(), summary
                .path("security").toString());
        assertEquals(rogueFailed, summary.at("/security/rejected/rogue/authorisation").asLong());
        assertEquals(1, summary.at("/security/rejected/intruder").size());
        assertFalse(summary.at("/security/rejected").has("temperature"));
        assertEquals(intruderFailed + rogueFailed, summary.path("sendErrors").asLong(), "no other send error");
        List<String> warnings = new ArrayList<>();
        summary.path("warnings").forEach(w -> warnings.add(w.asText()));
        String expected = "refused " + intruderFailed + " sends of device group \"intruder\" (authentication "
                + intruderFailed + ")";
        assertTrue(warnings.stream().anyMatch(w -> w.contains(expected)), warnings.toString());
        RunIT.assertAccountingAddsUp(summary);
        assertTrue(summary.path("complete").asBoolean(), summary.toString());
        for (String path : RunIT.PATHS) {
            assertEquals(produced, summary.at("/paths/" + path + "/received").asLong(), path);
            assertEquals(0, summary.at("/paths/" + path + "/lost").asLong(), path);
        }
        assertEquals(produced, CommittedFiles.count(runDir.resolve("files")).lines(), "zcat | wc -l");
        String dump = dumpLogSegments(runDir.resolve("infra/kafka/data"), "iot.telemetry");
        assertEquals(produced, dump.lines().filter(l -> l.contains("| offset:")).count(),
                "records in the broker's own files");
        assertFalse(dump.contains("key: intruder-") || dump.contains("key: rogue-"), "no refused record on disk");

        // every password a client holds stays in its credentials file
        List<String> passwords = new ArrayList<>();
        try (Stream<Path> files = Files.list(runDir.resolve("infra/security"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".credentials")).toList()) {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(f)) {
                    p.load(in);
                }
                passwords.add(p.getProperty("password"));
            }
        }
        assertTrue(passwords.size() >= 8, passwords.size() + " principals");
        String printed = String.join("\n", output);
        try (Stream<Path> all = Files.walk(runDir)) {
            for (Path f : all.filter(Files::isRegularFile).filter(p -> !p.startsWith(runDir.resolve("infra/security")))
                    .filter(p -> !p.toString().contains("/data/")).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String pw : passwords) {
                    assertFalse(text.contains(pw), "a password in " + f);
                    assertFalse(printed.contains(pw), "a password in the output");
                }
            }
        }
    }

    private static long sum(java.util.Map<String, Long> devices, String prefix) {
        return devices.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(e -> e.getValue())
                .sum();
    }

    /** The sendErrors column of devices.csv for the devices of {@code prefix}. */
    private static long failed(Path runDir, String prefix) throws IOException {
        return Files.readAllLines(runDir.resolve("devices.csv")).stream().skip(1).filter(l -> l.startsWith(prefix))
                .mapToLong(l -> Long.parseLong(l.split(",")[2])).sum();
    }

    /** Kafka's own DumpLogSegments over every segment of {@code topic}, with the records' keys. */
    static String dumpLogSegments(Path dataDir, String topic) throws Exception {
        List<String> segments = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(dataDir)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith(topic + "-")).toList()) {
                try (Stream<Path> files = Files.list(d)) {
                    files.filter(f -> f.toString().endsWith(".log")).forEach(f -> segments.add(f.toString()));
                }
            }
        }
        Process p = new ProcessBuilder("java", "-cp", RunIT.HOME.resolve("simulation/target/lib").toString() + "/*",
                "kafka.tools.DumpLogSegments", "--print-data-log", "--files", String.join(",", segments))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }
}
