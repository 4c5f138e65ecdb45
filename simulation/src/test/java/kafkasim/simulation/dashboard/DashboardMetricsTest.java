package kafkasim.simulation.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafkasim.common.json.Json;
import org.junit.jupiter.api.Test;

class DashboardMetricsTest {
    private static String scrape(LiveFeed feed) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DashboardMetrics(feed).write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theLatestSecondIsWhatIsScrapedInBaseUnits() throws Exception {
        LiveFeed feed = new LiveFeed();
        assertTrue(scrape(feed).lines().noneMatch(l -> l.startsWith("kafkasim_produced_messages_total")),
                "no figures before the first second");
        feed.publish(Snapshots.at(1_000_000, 100, 1000));
        feed.publish(Snapshots.at(1_001_000, 120, 1120));
        String text = scrape(feed);
        List<String> lines = text.lines().toList();
        assertTrue(lines.contains("kafkasim_produced_messages_total 1120.0"), text);
        assertTrue(lines.contains("kafkasim_produced_messages_per_second 120.0"), text);
        assertTrue(lines.contains("kafkasim_path_latency_p99_seconds{path=\"medium\"} 0.7"), text);
        assertTrue(lines.contains("kafkasim_path_duplicate_messages_total{path=\"medium\"} 1.0"), text);
        assertTrue(lines.contains("kafkasim_host_cpu_busy_ratio 0.635"), text);
        assertTrue(lines.contains("kafkasim_path_consumer_lag_messages{path=\"fast\"} 25.0"), text);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("kafkasim_path_consumer_lag_messages{path=\"medium\"")),
                "no lag without a commit");
        assertTrue(lines.contains("kafkasim_markers_total{kind=\"fault\"} 1.0"), text);
        assertTrue(lines.contains("kafkasim_process_resident_memory_bytes{name=\"worker 0\",role=\"workers\"} 1.572864E8"),
                text);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("kafkasim_process_cpu_ratio{name=\"kafka\"")),
                "a process first seen this second has no CPU figure yet");
        assertTrue(lines.contains("# TYPE kafkasim_path_completed_messages_total counter"), text);
    }

    /** Every metric the shipped Grafana dashboard queries is one /metrics has. */
    @Test
    void theGrafanaDashboardQueriesOnlyMetricsThatExist() throws Exception {
        LiveFeed feed = new LiveFeed();
        feed.publish(Snapshots.at(1_000_000, 100, 1000));
        Set<String> exposed = new HashSet<>();
        scrape(feed).lines().filter(l -> l.startsWith("# TYPE ")).forEach(l -> exposed.add(l.split(" ")[2]));
        JsonNode dashboard = Json.mapper().readTree(Path.of("../docs/grafana/kafkasim.json").toFile());
        Pattern metric = Pattern.compile("kafkasim_[a-z0-9_]+");
        int queries = 0;
        List<JsonNode> exprs = new java.util.ArrayList<>(dashboard.findValues("expr"));
        for (JsonNode expr : exprs) {
            Matcher m = metric.matcher(expr.asText());
            while (m.find()) {
                queries++;
                assertTrue(exposed.contains(m.group()), m.group() + " is not in /metrics: " + exposed);
            }
        }
        assertTrue(queries >= 10, "the dashboard queries " + queries + " metrics");
        assertEquals("kafkasim-run", dashboard.path("uid").asText());
    }
}
