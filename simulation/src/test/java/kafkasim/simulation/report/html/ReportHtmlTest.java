package kafkasim.simulation.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafkasim.common.json.Json;
import kafkasim.simulation.faults.AppliedFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportHtmlTest {
    /** 2026-12-07 11:05:10 UTC. */
    static final long CLOCK_START_MS = 1_796_641_510_000L;
    static final String SCENARIO = "<b>lab & \"hall\"</b>";
    static final String WARNING = "the host was saturated </script><script>alert(1)</script>";
    static final String FAULT_TARGET = "1</script>, \"one\"";
    static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void aRunsReportIsOneFileWithUplotInlineAndEveryTextFromTheFilesEscaped() throws Exception {
        Path run = RunFolderFixture.write(dir.resolve("run"), "kafka", CLOCK_START_MS, SCENARIO, WARNING,
                FAULT_TARGET, "", true);
        Path file = ReportHtml.writeRun(run);
        assertEquals(run.resolve("report.html"), file);
        String html = Files.readString(file);

        String uplot = ReportHtml.resource("META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
        assertTrue(html.contains("<script>" + uplot + "</script>"), "uPlot inline, whole");
        assertTrue(html.contains(ReportHtml.resource("META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css")));
        assertTrue(html.contains("Permission is hereby granted, free of charge"), "uPlot's MIT licence");
        assertFalse(Pattern.compile("\\b(src|href)\\s*=").matcher(html).find(), "nothing loaded from elsewhere");
        assertFalse(html.contains("<link"), html);

        assertTrue(html.contains("&lt;b&gt;lab &amp; &quot;hall&quot;&lt;/b&gt;"), "the scenario's name, escaped");
        assertFalse(html.contains(SCENARIO));
        assertTrue(html.contains("<li>the host was saturated &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
                + "</li>"), "the warning verbatim, escaped");
        assertFalse(html.contains("alert(1)</script>"), "no text from the files ends an element");
        assertTrue(html.contains("<td>kill-worker 7</td><td>not applied; error: worker 7 is not running</td>"),
                "a fault that was not applied is in the events table");
        assertTrue(html.contains("<td>12.3</td>") && html.contains("<td>45.7</td>"), "fast p50 and p99 ms");
        assertTrue(html.contains("<td>3 (1 / 2)</td>"), "fast: lost (acknowledged / unacknowledged)");
        assertTrue(html.contains("<td>2026-12-07 11:05:10 UTC</td>"), "the clock's start, from the warm-up mark");
        assertTrue(html.contains("<code>summary.json</code>") && html.contains("<code>windows.csv</code>"),
                "the source files beside the figures");

        String outsideCode = html.replaceAll("(?s)<script[^>]*>.*?</script>", "<script></script>")
                .replaceAll("(?s)<style>.*?</style>", "<style></style>").replaceAll("(?s)<!--.*?-->", "");
        for (String tag : List.of("html", "head", "body", "section", "table", "tr", "div", "ul", "li", "script",
                "style", "h1", "h2", "h3", "p", "code")) {
            assertEquals(count(outsideCode, "<" + tag + "[ >]"), count(outsideCode, "</" + tag + ">"),
                    "<" + tag + "> opened as often as closed");
        }
        assertEquals(3, count(outsideCode, "<script[ >]"), "the data, uPlot, the page's script");
        assertEquals(1, count(html, "<!--"), "one comment: uPlot's licence");

        JsonNode data = data(html);
        assertEquals(11, data.path("timeSec").size(), "the 1 s windows, -1 .. 9 s");
        assertEquals(-1.0, data.at("/timeSec/0").asDouble(), "seconds since the clock started");
        JsonNode kafka = data.at("/runs/0");
        assertEquals("Kafka", kafka.path("label").asText());
        assertEquals(2, kafka.path("warmupSec").asInt());
        assertEquals(1004.0, kafka.at("/paths/fast/completedPerSec/5").asDouble(), "second 4: 1000 + 4 msg/s");
        assertEquals(10.5, kafka.at("/paths/fast/p50Ms/5").asDouble());
        assertEquals(40.5, kafka.at("/paths/fast/p99Ms/5").asDouble());
        assertEquals(3, kafka.at("/paths/fast/lost/7").asLong(), "second 6");
        assertEquals(4, kafka.at("/paths/fast/duplicates/7").asLong());
        assertEquals(2, kafka.at("/paths/slow/completedMeanSec").asInt(), "its checkpoint interval");
        for (int i = 1; i < 11; i++) {
            assertEquals(1000.0, kafka.at("/paths/slow/completedPerSec/" + i).asDouble(),
                    "2,000 every other second: 1,000/s over each checkpoint interval");
        }
        assertTrue(kafka.at("/paths/slow/p50Ms/2").isNull(), "no completion at second 1: no latency");

        JsonNode fault = kafka.at("/faults/0");
        assertEquals(5.0, fault.path("atSec").asDouble());
        assertEquals(7.0, fault.path("untilSec").asDouble());
        assertEquals("kill-broker " + FAULT_TARGET, fault.path("label").asText(), "round-trips, </ and all");
        assertEquals(1, kafka.path("faults").size(), "the fault that was not applied has no marker");
        assertEquals(List.of(5.0, 7.0, "kill-broker " + FAULT_TARGET), List.of(kafka.at("/faultWindows/0/atSec")
                .asDouble(), kafka.at("/faultWindows/0/untilSec").asDouble(), kafka.at("/faultWindows/0/label")
                .asText()), "windows.csv's faults column: seconds 5 and 6, one span");
        assertEquals(0, kafka.path("actions").size(), "summary.json has no actions");
    }

    @Test
    void actionsInTheSummaryAreMarkersAndEvents() throws Exception {
        Path run = RunFolderFixture.write(dir.resolve("run"), "mqtt", CLOCK_START_MS, "s", "w", "1",
                (", \"actions\": [ { \"atMs\": %d, \"verb\": \"scale\", \"params\": { \"type\": \"<t>\" },"
                        + " \"accepted\": true }, { \"atMs\": %d, \"verb\": \"workers\", \"accepted\": false } ]")
                        .formatted(CLOCK_START_MS + 4500, CLOCK_START_MS + 5000), true);
        String html = Files.readString(ReportHtml.writeRun(run));
        JsonNode actions = data(html).at("/runs/0/actions");
        assertEquals(4.5, actions.at("/0/atSec").asDouble());
        assertEquals("scale type=<t>", actions.at("/0/label").asText());
        assertEquals(1, actions.size(), "a refused action changed nothing: no marker");
        assertTrue(html.contains("<td>4.5</td><td>action</td><td>scale type=&lt;t&gt;</td>"), "in the events table");
        assertEquals("MQTT", data(html).at("/runs/0/label").asText());
    }

    @Test
    void aComparisonPutsBothRunsOnOneTimeAxisFromEachClock() throws Exception {
        Path kafka = RunFolderFixture.write(dir.resolve("kafka"), "kafka", CLOCK_START_MS, "cmp", "k", "1", "", true);
        // the MQTT run ran 3 min later, and its file has no lost and duplicates columns
        Path mqtt = RunFolderFixture.write(dir.resolve("mqtt"), "mqtt", CLOCK_START_MS + 180_000, "cmp", "m", "1", "",
                false);
        Path file = ReportHtml.writeComparison(dir, kafka, mqtt);
        assertEquals(dir.resolve("report.html"), file);
        String html = Files.readString(file);
        JsonNode data = data(html);
        assertEquals(11, data.path("timeSec").size(), "the same seconds after each run's clock");
        assertEquals(List.of("Kafka", "MQTT"), List.of(data.at("/runs/0/label").asText(),
                data.at("/runs/1/label").asText()));
        assertEquals(data.at("/runs/0/paths/fast/completedPerSec"), data.at("/runs/1/paths/fast/completedPerSec"),
                "aligned on the clock, not on the wall time");
        assertEquals(5.0, data.at("/runs/1/faults/0/atSec").asDouble());
        assertTrue(data.at("/runs/1/paths/fast/lost").isNull(), "no column, no series");
        assertEquals(3, data.at("/runs/0/paths/fast/lost/7").asLong());
        assertTrue(html.contains("<th>Kafka</th><th>MQTT</th>"), "a column per run");
        assertTrue(html.contains("<code>kafka/summary.json</code>, <code>mqtt/summary.json</code>"), html);
        assertTrue(html.contains("<h3>Kafka: 1</h3>") && html.contains("<h3>MQTT: 1</h3>"), "both runs' warnings");
    }

    @Test
    void windowsCsvIsReadAsTheDatabaseWritesIt() throws Exception {
        assertEquals(List.of(List.of("a", "b,c", "d \"e\"", ""), List.of("x")),
                ReportData.parseCsv("a,\"b,c\",\"d \"\"e\"\"\",\nx\n"));
        assertEquals(1_796_641_512_500L, OffsetDateTime.parse("2026-12-07 11:05:12.5+00", ReportData.WINDOW_START)
                .toInstant().toEpochMilli());
        assertEquals(1_796_641_512_000L - 19_800_000L, OffsetDateTime.parse("2026-12-07 11:05:12+05:30",
                ReportData.WINDOW_START).toInstant().toEpochMilli());
        assertEquals(1500.0, ReportData.trailingMean(Map.of(0L, 1000.0, 1000L, 2000.0), 1000L, 2));
        assertEquals(1000.0, ReportData.trailingMean(Map.of(0L, 1000.0), 0L, 2), "the first window: itself");
    }

    @Test
    void theClockStartsAtAScheduledFaultLessItsAtSecElseAtTheWarmupMark() throws Exception {
        List<ReportData.WindowRow> windows = List.of(window(CLOCK_START_MS + 1400, true),
                window(CLOCK_START_MS + 2400, false), window(CLOCK_START_MS + 3400, false));
        List<AppliedFault> faults = List.of(fault(3, true, "x", CLOCK_START_MS + 3_700),
                fault(5, false, null, CLOCK_START_MS + 5_000), fault(6, false, "x", CLOCK_START_MS + 6_004));
        assertEquals(CLOCK_START_MS + 4, ReportData.clockStartMs(faults, 2, windows),
                "the first scheduled fault that was applied: 4 ms late, as applied");
        assertEquals(CLOCK_START_MS + 400, ReportData.clockStartMs(faults.subList(0, 2), 2, windows),
                "else the first window after the warm-up, less the warm-up: up to 1 s late");
    }

    private static AppliedFault fault(int atSec, boolean typed, String applied, long appliedAtMs) {
        return new AppliedFault(atSec, "kill-worker", "0", null, typed, applied, null, applied == null ? "no" : null,
                appliedAtMs, appliedAtMs, null, null);
    }

    private static ReportData.WindowRow window(long startMs, boolean warmup) {
        return new ReportData.WindowRow(startMs, warmup, "fast", 1, null, null, null, null, "");
    }

    @Test
    void theEmbeddedJsonHasNoLessThanSign() throws Exception {
        String json = ReportHtml.jsonForScript(Map.of("label", "</script><!-- x"));
        assertFalse(json.contains("<"), json);
        assertEquals("</script><!-- x", Json.mapper().readTree(json).path("label").asText());
    }

    static JsonNode data(String html) throws Exception {
        Matcher m = DATA.matcher(html);
        assertTrue(m.find(), "the data block");
        assertFalse(m.group(1).contains("<"), "nothing in it can end the element");
        return Json.mapper().readTree(m.group(1));
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
