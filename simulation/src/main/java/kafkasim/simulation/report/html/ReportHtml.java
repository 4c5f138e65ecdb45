package kafkasim.simulation.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafkasim.common.json.Json;
import kafkasim.simulation.faults.AppliedFault;
import kafkasim.simulation.report.PathMetrics;

/**
 * {@code report.html}: a run's (or a comparison's) figures and charts in one file that opens from disk, with no
 * server and no network: uPlot (from its WebJar), the page's own script and style and the data are all inline.
 * Tables are written here, every text from the files escaped; the charts are drawn by {@code report.js} from the
 * data embedded as JSON.
 */
public final class ReportHtml {
    public static final String FILE = "report.html";
    private static final String UPLOT_WEBJAR = "META-INF/resources/webjars/uplot/";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
    private static final String TEMPLATE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{title}}</title>
            <!-- Charts: uPlot {{uplotVersion}}, https://github.com/leeoniya/uPlot, inlined from its WebJar.
            {{uplotLicence}}
            -->
            <style>{{uplotCss}}</style>
            <style>{{reportCss}}</style>
            </head>
            <body>
            <h1>{{title}}</h1>
            <div class="tables">
            <section><h2>Run</h2>
            <p class="source">from {{summaryFiles}}; the clock's start from a scheduled fault's time there, else
            from the warm-up mark of {{windowsFiles}} (up to 1 s late)</p>
            <table>{{runTable}}</table></section>
            <section><h2>Paths</h2>
            <p class="source">from {{summaryFiles}}: msg/s and latency after the warm-up; latency = scheduled send
            time → completion on the path</p>
            <table>{{pathsTable}}</table></section>
            </div>
            <section><h2>Warnings</h2>
            <p class="source">from {{summaryFiles}}, verbatim</p>
            {{warnings}}</section>
            <section><h2>Faults and actions</h2>
            <p class="source">from {{summaryFiles}} (<code>faults</code>, <code>actions</code>); at = seconds after
            the run's clock started</p>
            {{events}}</section>
            <section><h2>Over time</h2>
            <p class="source">from {{windowsFiles}} (1 s windows, by completion time: <code>rate_per_sec</code>,
            <code>p50_ms</code>, <code>p99_ms</code>, <code>lost</code>, <code>duplicates</code>; the slow path's
            msg/s as the mean over the checkpoint interval of {{scenarioFiles}}); fault markers
            (applied → undone) and action markers from {{summaryFiles}}, shaded: the windows whose
            <code>faults</code> column names a fault. windows.csv has no host CPU per second: the host's CPU
            percentiles are in the run table.</p>
            <p class="legend"><span class="mark fault"></span> fault applied (dashed: undone)
            <span class="mark window"></span> a window with a fault in force <span class="mark action"></span>
            action <span class="mark warmup"></span> warm-up (left out of the tables' msg/s and latency); series:
            colour = architecture, solid = p99 / lost, dashed = p50 / duplicates</p>
            <p id="chart-error" class="error" hidden></p>
            <div id="charts"></div></section>
            <script type="application/json" id="report-data">{{data}}</script>
            <script>{{uplotJs}}</script>
            <script>{{reportJs}}</script>
            </body>
            </html>
            """;

    private ReportHtml() {
    }

    /** Writes {@code runDir/report.html} from the run's summary.json and windows.csv; returns it. */
    public static Path writeRun(Path runDir) throws IOException {
        ReportData.Run run = ReportData.read(runDir, "");
        JsonNode s = run.summary();
        String title = "kafkasim " + s.path("scenario").asText() + " on " + run.label() + ": run "
                + s.path("runId").asText();
        return write(runDir.resolve(FILE), title, List.of(run));
    }

    /** Writes {@code dir/report.html} with both runs (folders inside {@code dir}) overlaid; returns it. */
    public static Path writeComparison(Path dir, Path kafkaDir, Path mqttDir) throws IOException {
        List<ReportData.Run> runs = List.of(ReportData.read(kafkaDir, dir.relativize(kafkaDir) + "/"),
                ReportData.read(mqttDir, dir.relativize(mqttDir) + "/"));
        String title = "kafkasim " + runs.get(0).summary().path("scenario").asText() + ": Kafka vs MQTT";
        return write(dir.resolve(FILE), title, runs);
    }

    private static Path write(Path file, String title, List<ReportData.Run> runs) throws IOException {
        String uplotVersion = uplotVersion();
        String uplot = UPLOT_WEBJAR + uplotVersion + "/";
        Map<String, String> values = Map.ofEntries(
                Map.entry("title", escape(title)),
                Map.entry("uplotVersion", escape(uplotVersion)),
                // "--" would end the comment early
                Map.entry("uplotLicence", resource(uplot + "LICENSE").replace("--", "- -")),
                Map.entry("uplotCss", inline(resource(uplot + "dist/uPlot.min.css"), "</style")),
                Map.entry("reportCss", inline(resource(packageResource("report.css")), "</style")),
                Map.entry("summaryFiles", files(runs, ReportData.SUMMARY)),
                Map.entry("windowsFiles", files(runs, ReportData.WINDOWS)),
                Map.entry("scenarioFiles", files(runs, ReportData.SCENARIO)),
                Map.entry("runTable", runTable(runs)),
                Map.entry("pathsTable", pathsTable(runs)),
                Map.entry("warnings", warnings(runs)),
                Map.entry("events", events(runs)),
                Map.entry("data", jsonForScript(ReportData.chartData(runs))),
                Map.entry("uplotJs", inline(resource(uplot + "dist/uPlot.iife.min.js"), "</script")),
                Map.entry("reportJs", inline(resource(packageResource("report.js")), "</script")));
        Matcher m = PLACEHOLDER.matcher(TEMPLATE);
        StringBuilder html = new StringBuilder();
        while (m.find()) { // one pass: a value that holds "{{x}}" is not filled in again
            m.appendReplacement(html, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(html);
        Files.writeString(file, html);
        return file;
    }

    private static String runTable(List<ReportData.Run> runs) {
        StringBuilder t = new StringBuilder("\n<tr><th></th>");
        runs.forEach(r -> t.append("<th>").append(escape(r.label())).append("</th>"));
        t.append("</tr>\n");
        row(t, "run id", runs, r -> r.summary().path("runId").asText());
        row(t, "scenario", runs, r -> r.summary().path("scenario").asText());
        row(t, "broker", runs, r -> r.summary().path("broker").asText());
        row(t, "clock started", runs, r -> UTC.format(Instant.ofEpochMilli(r.clockStartMs())));
        row(t, "duration s", runs, r -> r.summary().path("durationSec").asText());
        row(t, "warm-up s", runs, r -> r.summary().path("warmupSec").asText());
        row(t, "host cores", runs, r -> r.summary().path("host").path("cores").asText("unknown"));
        row(t, "complete (every path, every message)", runs, r -> r.summary().path("complete").asText());
        row(t, "drain s (after the generator stopped)", runs, r -> r.summary().path("drainSec").asText());
        row(t, "produced (acknowledged by the broker)", runs, r -> count(r.summary().path("produced")));
        row(t, "produced msg/s", runs, r -> decimal(r.summary().path("producedPerSec")));
        row(t, "send errors (never acknowledged)", runs, r -> count(r.summary().path("sendErrors")));
        row(t, "host CPU busy p50 / p99 %", runs, r -> percent(r.summary().at("/host/cpuBusyPct/p50")) + " / "
                + percent(r.summary().at("/host/cpuBusyPct/p99")));
        return t.toString();
    }

    /** One column per path and run: the paths side by side, each with the runs next to each other. */
    private static String pathsTable(List<ReportData.Run> runs) {
        StringBuilder t = new StringBuilder("\n<tr><th></th>");
        PathMetrics.PATHS.forEach(p -> t.append("<th colspan=\"").append(runs.size()).append("\">").append(p)
                .append("</th>"));
        t.append("</tr>\n<tr><th></th>");
        PathMetrics.PATHS.forEach(p -> runs.forEach(r -> t.append("<th>").append(escape(r.label())).append("</th>")));
        t.append("</tr>\n");
        pathRow(t, "received", runs, p -> count(p.path("received")));
        pathRow(t, "lost (acknowledged / unacknowledged)", runs, p -> count(p.path("lost")) + " ("
                + count(p.path("lostAcknowledged")) + " / " + count(p.path("lostUnacknowledged")) + ")");
        pathRow(t, "duplicates", runs, p -> count(p.path("duplicates")));
        pathRow(t, "backlog", runs, p -> count(p.path("backlog")));
        pathRow(t, "msg/s", runs, p -> decimal(p.path("ratePerSec")));
        pathRow(t, "latency p50 ms", runs, p -> decimal(p.path("latencyMs").path("p50")));
        pathRow(t, "latency p99 ms", runs, p -> decimal(p.path("latencyMs").path("p99")));
        return t.toString();
    }

    private static void pathRow(StringBuilder t, String name, List<ReportData.Run> runs,
                                Function<JsonNode, String> value) {
        List<String> cells = new ArrayList<>(List.of(name));
        PathMetrics.PATHS.forEach(p -> runs.forEach(r -> cells.add(value.apply(r.summary().path("paths").path(p)))));
        cells(t, cells.toArray(String[]::new));
    }

    private static String warnings(List<ReportData.Run> runs) {
        StringBuilder html = new StringBuilder();
        for (ReportData.Run r : runs) {
            JsonNode warnings = r.summary().path("warnings");
            html.append("<h3>").append(escape(r.label())).append(": ").append(warnings.size()).append("</h3>\n");
            if (!warnings.isEmpty()) {
                html.append("<ul class=\"warnings\">\n");
                warnings.forEach(w -> html.append("<li>").append(escape(w.asText())).append("</li>\n"));
                html.append("</ul>\n");
            }
        }
        return html.toString();
    }

    private static String events(List<ReportData.Run> runs) {
        StringBuilder t = new StringBuilder("<table class=\"events\">\n<tr><th>run</th><th>at s</th><th>kind</th>"
                + "<th>what</th><th>as it happened</th><th>recovery s</th></tr>\n");
        int events = 0;
        for (ReportData.Run r : runs) {
            for (AppliedFault f : r.faults()) {
                String how = (f.applied() != null ? f.applied() : "not applied")
                        + (f.undone() != null ? "; " + f.undone() : "") + (f.error() != null ? "; error: " + f.error()
                        : "");
                cells(t, r.label(), String.valueOf(f.atSec()), "fault", f.label(), how,
                        f.recoverySec() == null ? "-" : String.valueOf(f.recoverySec()));
                events++;
            }
            for (JsonNode a : r.summary().path("actions")) { // refused ones too: what was tried is part of the run
                cells(t, r.label(), sec((a.path("atMs").asLong() - r.clockStartMs()) / 1000.0), "action",
                        ReportData.actionLabel(a), (a.path("accepted").asBoolean(false) ? "" : "refused: ")
                                + a.path("message").asText(""), "");
                events++;
            }
        }
        return events == 0 ? "<p>none</p>\n" : t.append("</table>\n").toString();
    }

    private static void row(StringBuilder t, String name, List<ReportData.Run> runs,
                            Function<ReportData.Run, String> value) {
        List<String> cells = new ArrayList<>(List.of(name));
        runs.forEach(r -> cells.add(value.apply(r)));
        cells(t, cells.toArray(String[]::new));
    }

    private static void cells(StringBuilder t, String... cells) {
        t.append("<tr>");
        for (String c : cells) {
            t.append("<td>").append(escape(c)).append("</td>");
        }
        t.append("</tr>\n");
    }

    /** Which files of which folders the figures come from: {@code kafka/summary.json, mqtt/summary.json}. */
    private static String files(List<ReportData.Run> runs, String file) {
        return String.join(", ", runs.stream().map(r -> "<code>" + escape(r.folderName() + file) + "</code>")
                .toList());
    }

    private static String count(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%,d", n.asLong()) : "-";
    }

    private static String decimal(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%,.1f", n.asDouble()) : "-";
    }

    private static String percent(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%.0f", n.asDouble()) : "-";
    }

    private static String sec(double s) {
        return String.format(Locale.ROOT, "%.1f", s);
    }

    /** Text as HTML text or attribute value. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * The data as JSON for a {@code <script type="application/json">}: every {@code <} as {@code \u003c}, so no
     * text from the files ({@code </script>}, {@code <!--}) can end or change the element; JSON.parse reads it back.
     */
    static String jsonForScript(Object data) throws IOException {
        return Json.mapper().writeValueAsString(data).replace("<", "\\u003c");
    }

    /** Code for a {@code <script>} or {@code <style>}: it must not hold the tag that would end the element early. */
    private static String inline(String code, String endTag) {
        if (code.toLowerCase(Locale.ROOT).contains(endTag) || code.contains("<!--")) {
            throw new IllegalStateException("cannot inline code that holds " + endTag + " or <!--");
        }
        return code;
    }

    /** The uPlot WebJar's version, from its Maven metadata: the pom's version is the one place it is written. */
    static String uplotVersion() {
        Properties p = new Properties();
        try (InputStream in = open("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static String packageResource(String name) {
        return ReportHtml.class.getPackageName().replace('.', '/') + "/" + name;
    }

    static String resource(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = ReportHtml.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the classpath");
        }
        return in;
    }
}
