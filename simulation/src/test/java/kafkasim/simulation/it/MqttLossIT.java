package kafkasim.simulation.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import kafkasim.common.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MQTT run whose broker is killed: devices' publishes fail while it is gone, and the summary must say exactly
 * which of the messages the slow path never saw the broker had acknowledged and which had failed. Checked against
 * evidence kafkasim's metric records did not produce: the slow path's committed files (read here line by line) and
 * the producer's failed seqs in {@code devices.csv}, and with persistence on an independent subscriber
 * ({@code mosquitto_sub}, persistent session) that got exactly the same acknowledged seqs. With its persistence on disk the broker
 * breaks no promise; in memory only, the restarted broker has forgotten what it had queued for the jobs (and for the
 * audit), and kafkasim must see that.
 */
@Tag("slow") // a fault or bench run: left out of mvn verify -Pquick
class MqttLossIT {
    private static final Pattern BROKER =
            Pattern.compile("MQTT broker \\(hivemq\\) ready in .* at tcp://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "brokerPersistence {0}")
    @ValueSource(booleans = {true, false})
    void theSplitOfLostMatchesTheFilesAndTheFailedSeqs(boolean persistence) throws Exception {
        Path scenario = Files.writeString(dir.resolve("mqtt-loss.json"), """
                { "name": "mqtt-loss", "broker": "mqtt", "durationSec": 32, "warmupSec": 3,
                  "mqtt": { "brokerPersistence": %s },
                  "paths": { "checkpointIntervalMs": 1000 },
                  "devices": [ { "type": "temperature", "count": 40, "ratePerSec": 5, "payloadBytes": 300 } ],
                  "faults": [ { "atSec": 12, "action": "kill-broker", "forSec": 4 } ] }
                """.formatted(persistence));
        Path runDir = dir.resolve("run");
        try (GeneratorRun run = GeneratorRun.cli(runDir, List.of("run", scenario.toString(), "--out",
                runDir.toString()))) {
            Matcher broker = BROKER.matcher(run.awaitLine(l -> BROKER.matcher(l).find(), Duration.ofSeconds(120)));
            assertTrue(broker.find());
            // subscribed before the jobs are submitted, so before any device sends
            try (MqttAudit audit = MqttAudit.subscribePersistent(Integer.parseInt(broker.group(1)),
                    "mqtt-loss-it-audit")) {
                run.awaitLine(l -> l.startsWith("fault over: kill-broker 1"), Duration.ofSeconds(240));
                int exit = run.awaitExit(Duration.ofSeconds(300));
                audit.close(); // it has everything the broker delivered: stop it reading
                JsonNode summary = run.summary();
                System.out.println("sendErrors " + summary.path("sendErrors") + "\npaths: " + summary.path("paths")
                        + "\nfaults: " + summary.path("faults"));
                assertTrue(exit == 0 || exit == 3, "complete, or a tail the MQTT broker still held: exit " + exit);
                assertTrue(summary.path("sendErrors").asLong() > 0, "the killed broker failed some publishes");

                Map<String, Set<Long>> failed = failedSeqs(runDir.resolve("devices.csv"));
                assertEquals(summary.path("sendErrors").asLong(), failed.values().stream().mapToLong(Set::size).sum(),
                        "devices.csv names every failed seq");
                Map<String, Set<Long>> inFiles = seqsInFiles(runDir.resolve("files"));
                long lostAcknowledged = 0;
                long lostUnacknowledged = 0;
                long receivedUnacknowledged = 0;
                for (Map.Entry<String, Set<Long>> device : inFiles.entrySet()) {
                    Set<Long> seen = device.getValue();
                    Set<Long> failedHere = failed.getOrDefault(device.getKey(), Set.of());
                    long last = seen.stream().mapToLong(Long::longValue).max().orElse(-1);
                    for (long seq = 0; seq < last; seq++) { // skipped: a later seq of the device arrived
                        if (!seen.contains(seq)) {
                            if (failedHere.contains(seq)) {
                                lostUnacknowledged++;
                            } else {
                                lostAcknowledged++;
                            }
                        }
                    }
                    receivedUnacknowledged += failedHere.stream().filter(seen::contains).count();
                }
                if (persistence) {
                    // an independent client got exactly the acknowledged messages the slow path committed; they may
                    // differ only in sends the producer saw fail (at the kill each subscriber keeps different ones)
                    // the path may end before it committed a device's last sends (the summary's backlog): up to
                    // the device's last committed seq the two agree exactly, and what the audit has after it is
                    // acknowledged and no more than the backlog
                    Map<String, List<Long>> audited = audit.seqsByDevice();
                    assertEquals(inFiles.keySet(), audited.keySet());
                    long auditTail = 0;
                    for (Map.Entry<String, Set<Long>> device : inFiles.entrySet()) {
                        Set<Long> failedHere = failed.getOrDefault(device.getKey(), Set.of());
                        long lastCommitted = device.getValue().stream().mapToLong(Long::longValue).max().orElse(-1);
                        Set<Long> pathAcknowledged = new HashSet<>(device.getValue());
                        pathAcknowledged.removeAll(failedHere);
                        Set<Long> auditAcknowledged = new HashSet<>();
                        for (long seq : audited.get(device.getKey())) {
                            if (failedHere.contains(seq)) {
                                continue;
                            }
                            if (seq <= lastCommitted) {
                                auditAcknowledged.add(seq);
                            } else {
                                auditTail++;
                            }
                        }
                        assertEquals(pathAcknowledged, auditAcknowledged, device.getKey()
                                + ": acknowledged seqs in the files and at mosquitto_sub, up to seq " + lastCommitted);
                    }
                    assertTrue(auditTail <= summary.at("/paths/slow/backlog").asLong(), "mosquitto_sub got "
                            + auditTail + " acknowledged sends after the files' last: " + summary.at("/paths/slow"));
                }
                JsonNode slow = summary.at("/paths/slow");
                assertEquals(lostAcknowledged, slow.path("lostAcknowledged").asLong(), "slow: " + slow);
                assertEquals(lostUnacknowledged, slow.path("lostUnacknowledged").asLong(), "slow: " + slow);
                assertEquals(lostAcknowledged + lostUnacknowledged, slow.path("lost").asLong(), "slow: " + slow);
                assertTrue(lostUnacknowledged > 0, "failed publishes the path skipped: " + slow);
                if (persistence) {
                    assertEquals(0, lostAcknowledged, "the broker kept what it had queued across its restart: " + slow);
                } else {
                    long brokenPromises = 0;
                    for (String path : RunIT.PATHS) {
                        brokenPromises += summary.at("/paths/" + path + "/lostAcknowledged").asLong();
                    }
                    assertTrue(brokenPromises > 0, "a broker that forgot its queues lost acknowledged messages: "
                            + summary.path("paths"));
                }
                if (slow.path("backlog").asLong() == 0) {
                    assertEquals(receivedUnacknowledged, slow.path("receivedUnacknowledged").asLong(), "slow: " + slow);
                }
                RunIT.assertAccountingAddsUp(summary);
                JsonNode kill = summary.path("faults").get(0);
                assertTrue(kill.at("/lossByPath/slow/lostUnacknowledged").asLong() > 0, "the loss is the kill's: " + kill);
            }
        }
    }

    /** devices.csv's last column: {@code 120-135 200}. */
    private static Map<String, Set<Long>> failedSeqs(Path devicesCsv) throws IOException {
        Map<String, Set<Long>> failed = new HashMap<>();
        List<String> rows = Files.readAllLines(devicesCsv);
        assertEquals("deviceId,produced,sendErrors,failedSeqs", rows.get(0));
        for (String row : rows.subList(1, rows.size())) {
            String[] cols = row.split(",", -1);
            Set<Long> seqs = new HashSet<>();
            for (String range : cols[3].isBlank() ? new String[0] : cols[3].trim().split(" ")) {
                String[] ends = range.split("-");
                long from = Long.parseLong(ends[0]);
                long to = Long.parseLong(ends[ends.length - 1]);
                for (long s = from; s <= to; s++) {
                    seqs.add(s);
                }
            }
            failed.put(cols[0], seqs);
        }
        return failed;
    }

    /** Every (deviceId, seq) in the committed part files. */
    private static Map<String, Set<Long>> seqsInFiles(Path filesDir) throws IOException {
        Map<String, Set<Long>> seen = new HashMap<>();
        List<Path> parts;
        try (Stream<Path> s = Files.list(filesDir)) {
            parts = s.filter(p -> p.getFileName().toString().endsWith(".jsonl.gz")).toList();
        }
        for (Path part : parts) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(part)), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    JsonNode e = Json.mapper().readTree(line);
                    seen.computeIfAbsent(e.get("deviceId").asText(), d -> new HashSet<>()).add(e.get("seq").asLong());
                }
            }
        }
        return seen;
    }
}
