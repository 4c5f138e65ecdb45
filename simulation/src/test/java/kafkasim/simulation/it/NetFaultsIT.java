package kafkasim.simulation.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network faults in real runs on the embedded stack, both architectures: each really happens to a client
 * kafkasim did not write (a plain Kafka Admin client or MQTT client through the same proxy stalls, a plain socket is
 * refused), the runs complete, and every path's accounting adds up with nothing lost.
 */
@Tag("slow") // a fault or bench run: left out of mvn verify -Pquick
class NetFaultsIT {
    private static final Pattern PROXY = Pattern.compile("reach the broker through 127\\.0\\.0\\.1:(\\d+)");
    private static final Duration LONG = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    @Test
    void kafkaSurvivesDelayPartitionAndDroppedConnections() throws Exception {
        Path scenario = Files.writeString(dir.resolve("net.json"), """
                { "name": "net-kafka", "durationSec": 60, "warmupSec": 3,
                  "kafka": { "partitions": 2 },
                  "paths": { "checkpointIntervalMs": 1000 },
                  "devices": [ { "type": "temperature", "count": 40, "ratePerSec": 5, "payloadBytes": 300 } ],
                  "faults": [
                    { "atSec": 5, "action": "net-delay", "forSec": 6, "delayMs": 600 },
                    { "atSec": 15, "action": "net-partition", "forSec": 10 },
                    { "atSec": 35, "action": "net-loss", "forSec": 5 } ] }
                """);
        Path runDir = dir.resolve("run");
        try (GeneratorRun run = GeneratorRun.cli(runDir, List.of("run", scenario.toString(), "--out",
                runDir.toString()))) {
            int proxyPort = proxyPort(run);
            String viaProxy = "127.0.0.1:" + proxyPort;
            run.awaitLine(l -> l.startsWith("fault at 5 s: net-delay 1"), LONG);
            long t0 = System.nanoTime();
            describeCluster(viaProxy, 20_000);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            // a metadata request and its answer, each held 600 ms (and the connection's own handshake)
            assertTrue(tookMs >= 1200, "a plain Admin client through the delayed proxy answered in " + tookMs + " ms");

            run.awaitLine(l -> l.startsWith("fault at 15 s: net-partition 1"), LONG);
            assertThrows(Exception.class, () -> describeCluster(viaProxy, 3000),
                    "a plain Admin client got an answer through the partition");
            run.awaitLine(l -> l.startsWith("fault over: net-partition 1"), Duration.ofSeconds(30));
            describeCluster(viaProxy, 20_000);

            run.awaitLine(l -> l.startsWith("fault at 35 s: net-loss 1"), LONG);
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", proxyPort), 3000);
                }
            }, "a connection to the broker was accepted while the network dropped them");
            run.awaitLine(l -> l.startsWith("fault over: net-loss 1"), Duration.ofSeconds(30));
            int exit = run.awaitExit(Duration.ofSeconds(300));
            JsonNode summary = run.summary();
            System.out.println("faults: " + summary.path("faults") + "\npaths: " + summary.path("paths"));
            assertEquals(0, exit, "complete: " + summary.path("warnings"));
            assertFaultsAppliedWithRecovery(summary, 3);
            assertNothingLost(summary, 0);
            List<String> windows = Files.readAllLines(runDir.resolve("windows.csv"));
            assertTrue(windows.stream().anyMatch(w -> w.endsWith(",net-partition 1")), "windows.csv marks it");
        }
    }

    @Test
    void mqttSurvivesATenSecondPartition() throws Exception {
        Path scenario = Files.writeString(dir.resolve("net-mqtt.json"), """
                { "name": "net-mqtt", "broker": "mqtt", "durationSec": 40, "warmupSec": 3,
                  "paths": { "checkpointIntervalMs": 1000 },
                  "devices": [ { "type": "temperature", "count": 40, "ratePerSec": 5, "payloadBytes": 300 } ],
                  "faults": [ { "atSec": 12, "action": "net-partition", "forSec": 10 } ] }
                """);
        Path runDir = dir.resolve("run");
        try (GeneratorRun run = GeneratorRun.cli(runDir, List.of("run", scenario.toString(), "--out",
                runDir.toString()))) {
            int proxyPort = proxyPort(run);
            run.awaitLine(l -> l.startsWith("fault at 12 s: net-partition 1"), LONG);
            Mqtt5AsyncClient probe = Mqtt5Client.builder().serverHost("127.0.0.1").serverPort(proxyPort)
                    .identifier("net-faults-it-probe").buildAsync();
            // the TCP handshake completes in the kernel's backlog, but no CONNACK crosses the partition
            CompletableFuture<?> connack = probe.connectWith().cleanStart(true).send();
            assertThrows(TimeoutException.class, () -> connack.get(3, TimeUnit.SECONDS),
                    "a plain MQTT client got its CONNACK through the partition");
            run.awaitLine(l -> l.startsWith("fault over: net-partition 1"), Duration.ofSeconds(30));
            connack.get(20, TimeUnit.SECONDS); // and the stalled connection is served once it heals
            probe.disconnect().get(10, TimeUnit.SECONDS);
            int exit = run.awaitExit(Duration.ofSeconds(300));
            JsonNode summary = run.summary();
            System.out.println("faults: " + summary.path("faults") + "\npaths: " + summary.path("paths"));
            assertEquals(0, exit, "complete: " + summary.path("warnings"));
            assertFaultsAppliedWithRecovery(summary, 1);
            assertNothingLost(summary, summary.path("sendErrors").asLong());
        }
    }

    private static int proxyPort(GeneratorRun run) throws Exception {
        Matcher m = PROXY.matcher(run.awaitLine(l -> PROXY.matcher(l).find(), LONG));
        assertTrue(m.find());
        return Integer.parseInt(m.group(1));
    }

    private static void describeCluster(String bootstrap, int timeoutMs) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs))) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes()
                    .get(timeoutMs + 1000L, TimeUnit.MILLISECONDS);
        }
    }

    private static void assertFaultsAppliedWithRecovery(JsonNode summary, int count) {
        JsonNode faults = summary.path("faults");
        assertEquals(count, faults.size(), faults.toString());
        for (JsonNode f : faults) {
            assertTrue(f.hasNonNull("applied") && f.hasNonNull("undone") && !f.has("error"), f.toString());
            assertTrue(f.hasNonNull("recoverySec"), "every path got back to its rate: " + f);
            assertTrue(f.path("endedAtMs").asLong() - f.path("appliedAtMs").asLong()
                    >= f.path("forSec").asLong() * 1000 - 100, "lasted its forSec: " + f);
        }
        JsonNode partition = null;
        for (JsonNode f : faults) {
            partition = "net-partition".equals(f.path("action").asText()) ? f : partition;
        }
        assertTrue(partition != null && partition.path("recoverySec").asDouble() > 0,
                "the paths stalled behind the partition and came back: " + partition);
    }

    /** {@code received − receivedUnacknowledged + lostAcknowledged + backlog == produced}, lost and backlog 0, per path. */
    private static void assertNothingLost(JsonNode summary, long sendErrors) {
        long produced = summary.path("produced").asLong();
        assertTrue(produced > 0);
        assertEquals(0, sendErrors, "no publish failed: the connections stalled and resumed");
        RunIT.assertAccountingAddsUp(summary);
        for (String path : RunIT.PATHS) {
            JsonNode p = summary.path("paths").path(path);
            assertEquals(0, p.path("lost").asLong(), path + ": " + p);
            assertEquals(0, p.path("backlog").asLong(), path + ": " + p);
            assertFalse(p.path("received").asLong() < produced, path + ": " + p);
        }
    }
}
