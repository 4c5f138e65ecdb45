package kafkasim.simulation.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kafkasim.common.json.Json;
import kafkasim.simulation.faults.AppliedFault;
import kafkasim.simulation.host.HostUsage;
import kafkasim.simulation.report.LatencyMs;
import org.junit.jupiter.api.Test;

class RunSummaryJsonTest {
    static final LatencyMs LATENCY = new LatencyMs(1, 1, 1, 1, 1, 1);

    @Test
    void warningsComeEarlyAndHostSitsBesideTheProducer() throws Exception {
        HostUsage host = new HostUsage(2, new HostUsage.CpuBusyPct(71, 100, 100, 80), 21, 0.34, 12.5, 62, 90, 62, 0,
                Map.of("kafka", new HostUsage.RoleUsage(37.8, 42.0, 61.0, 431, 1)));
        RunSummary s = new RunSummary("r", "light", "kafka", 20, 2, true, 2.5, List.of("the host was saturated …"), 10, 0, 5,
                "iot.telemetry", 0.5, 0.5, null, new RunSummary.Producer(LATENCY, LATENCY, LATENCY, LATENCY), host,
                new RunTotals.ProcessCounts(1, 0, 0), new RunSummary.LogCounts(3, 0),
                List.of(new AppliedFault(20, "kill-broker", "1", 10, false, "SIGKILL to Kafka broker 1 (pid 7)",
                        "Kafka broker 1 started again", null, 1000, 14000, 12.0, Map.of("fast", 12.0))),
                null, List.of(new RunAction(2000, 1.0, "http", "pause", Map.of(), true, "generation paused")));
        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsString(s));
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("runId", "scenario", "broker", "durationSec", "warmupSec", "complete", "drainSec",
                "warnings", "produced", "sendErrors", "devices", "topic", "scheduledPerSec", "producedPerSec", "faults",
                "producer", "host", "processes", "log", "actions"), keys);
        List<String> faultKeys = new ArrayList<>();
        json.at("/faults/0").fieldNames().forEachRemaining(faultKeys::add);
        assertEquals(List.of("atSec", "action", "target", "forSec", "typed", "applied", "undone", "appliedAtMs",
                "endedAtMs", "recoverySec", "recoverySecByPath"), faultKeys, "no error: left out");
        List<String> hostKeys = new ArrayList<>();
        json.get("host").fieldNames().forEachRemaining(hostKeys::add);
        assertEquals(List.of("cores", "cpuBusyPct", "cpuAbove90PctSec", "cpuAbove90PctFraction", "unlistedCpuPct",
                "measuredSec", "wallSec", "samples", "sampleErrors", "processes"), hostKeys);
        List<String> roleKeys = new ArrayList<>();
        json.at("/host/processes/kafka").fieldNames().forEachRemaining(roleKeys::add);
        assertEquals(List.of("cpuSec", "cpuPct", "measuredCpuPct", "peakRssMb", "processCount"), roleKeys);
        assertEquals(37.8, json.at("/host/processes/kafka/cpuSec").asDouble());
        assertEquals(431, json.at("/host/processes/kafka/peakRssMb").asLong());
        assertEquals(100.0, json.at("/host/cpuBusyPct/p99").asDouble());
        assertEquals("the host was saturated …", json.at("/warnings/0").asText());
    }
}
