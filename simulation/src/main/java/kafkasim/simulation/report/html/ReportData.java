package kafkasim.simulation.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import kafkasim.common.json.Json;
import kafkasim.simulation.faults.AppliedFault;
import kafkasim.simulation.report.PathMetrics;

/**
 * What {@code report.html} shows of a run, read back from its results folder ({@code summary.json} and
 * {@code windows.csv}), not from the run's memory: the report of a run and of a comparison are made the same way,
 * and from folders written earlier too. The charts' data is aligned here, so the page only draws it.
 */
final class ReportData {
    static final String SUMMARY = "summary.json";
    static final String WINDOWS = "windows.csv";
    static final String SCENARIO = "scenario.json";
    /**
     * The paths that complete a message only when a checkpoint commits it (the slow path's files): per 1 s window
     * their rate alternates between 0 and a multiple of it, so the chart shows its mean over one checkpoint interval.
     */
    static final Set<String> COMPLETE_ON_CHECKPOINT = Set.of("slow");
    /** The charts use the 1 s windows; the 10 s ones repeat them coarser. */
    static final long CHART_WINDOW_MS = 1000;
    /** PostgreSQL's text form of a timestamptz: {@code 2026-12-07 11:05:12+00}, fractions when it has them. */
    static final DateTimeFormatter WINDOW_START = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendOffset("+HH:mm", "+00").toFormatter();

    private ReportData() {
    }

    /** One 1 s window of one path, as windows.csv has it; lost and duplicates null when the file has no such column. */
    record WindowRow(long startMs, boolean warmup, String path, double completedPerSec, Double p50Ms, Double p99Ms,
                     Long lost, Long duplicates, String faults) {
    }

    /**
     * One run as read from its folder.
     *
     * @param label        the architecture as the reader names it ({@code Kafka}, {@code MQTT}): legends, columns
     * @param folderName   how the report names the run's folder in its source notes ({@code ""}: the report's own)
     * @param faults       summary.json's {@code faults} (empty: none)
     * @param clockStartMs epoch ms the run's clock started: see {@link #clockStartMs}
     * @param lossColumns  windows.csv has {@code lost} and {@code duplicates}
     * @param checkpointIntervalSec the paths' checkpoint interval (scenario.json), whole seconds, at least 1
     */
    record Run(String label, String folderName, JsonNode summary, List<AppliedFault> faults, long clockStartMs,
               List<WindowRow> windows, boolean lossColumns, int checkpointIntervalSec) {
    }

    /** A moment (or span, {@code untilSec} not null) on the charts' time axis, seconds since the clock started. */
    record Marker(double atSec, Double untilSec, String label) {
    }

    /**
     * One path's series, aligned with {@link ChartData#timeSec()}: null where the run has no window there.
     *
     * @param completedMeanSec {@code completedPerSec} is the mean of this many 1 s windows up to each (1: as
     *                         windows.csv has it)
     */
    record PathSeries(List<Double> completedPerSec, int completedMeanSec, List<Double> p50Ms, List<Double> p99Ms,
                      List<Long> lost, List<Long> duplicates) {
    }

    /**
     * @param faults       summary.json's faults that were applied: from applied to undone
     * @param faultWindows the 1 s windows in which windows.csv's {@code faults} column names a fault, merged
     * @param actions      summary.json's {@code actions} (absent in runs that had none)
     */
    record RunSeries(String label, int warmupSec, Map<String, PathSeries> paths, List<Marker> faults,
                     List<Marker> faultWindows, List<Marker> actions) {
    }

    /** The page's charts: one time axis (seconds since each run's clock started), one entry per run. */
    record ChartData(List<Double> timeSec, List<RunSeries> runs) {
    }

    /** Reads {@code folder}'s summary.json and windows.csv. */
    static Run read(Path folder, String folderName) throws IOException {
        JsonNode summary = Json.mapper().readTree(folder.resolve(SUMMARY).toFile());
        List<AppliedFault> faults = new ArrayList<>();
        for (JsonNode f : summary.path("faults")) {
            faults.add(Json.mapper().treeToValue(f, AppliedFault.class));
        }
        Windows windows = readWindows(folder.resolve(WINDOWS));
        Path scenario = folder.resolve(SCENARIO);
        long checkpointMs = Files.exists(scenario) ? Json.mapper().readTree(scenario.toFile())
                .at("/paths/checkpointIntervalMs").asLong(CHART_WINDOW_MS) : CHART_WINDOW_MS;
        return new Run(label(summary.path("broker").asText()), folderName, summary, faults,
                clockStartMs(faults, summary.path("warmupSec").asInt(), windows.rows()), windows.rows(),
                windows.lossColumns(),
                (int) Math.max(1, Math.round(checkpointMs / (double) CHART_WINDOW_MS)));
    }

    /**
     * Epoch ms the run's clock started (summary.json has no such key). A fault from the scenario is applied at its
     * {@code atSec} on that clock, a few ms late: with one, the start is exact. Else windows.csv's warm-up mark: the
     * first window after the warm-up starts at most 1 s after it ended, so the start is up to 1 s late.
     */
    static long clockStartMs(List<AppliedFault> faults, int warmupSec, List<WindowRow> windows) {
        for (AppliedFault f : faults) {
            if (!f.typed() && f.applied() != null) { // a typed one's atSec is in whole seconds
                return f.appliedAtMs() - f.atSec() * 1000L;
            }
        }
        long firstMeasuredMs = windows.stream().filter(w -> !w.warmup()).findFirst().map(WindowRow::startMs)
                .orElse(windows.isEmpty() ? 0 : windows.get(0).startMs());
        return firstMeasuredMs - warmupSec * 1000L;
    }

    /** How the reader names an architecture. */
    static String label(String broker) {
        return switch (broker) {
            case "kafka" -> "Kafka";
            case "mqtt" -> "MQTT";
            default -> broker;
        };
    }

    /** windows.csv's 1 s rows in time order; {@code lossColumns}: it has {@code lost} and {@code duplicates}. */
    record Windows(List<WindowRow> rows, boolean lossColumns) {
    }

    static Windows readWindows(Path csv) throws IOException {
        List<List<String>> rows = parseCsv(Files.readString(csv));
        if (rows.isEmpty()) {
            throw new IOException(csv + " has no header");
        }
        List<String> header = rows.get(0);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i), i);
        }
        for (String required : List.of("window_ms", "window_start", "warmup", "path", "rate_per_sec", "p50_ms",
                "p99_ms")) {
            if (!col.containsKey(required)) {
                throw new IOException(csv + " has no column " + required + ": " + header);
            }
        }
        List<WindowRow> windows = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            if (Long.parseLong(row.get(col.get("window_ms"))) != CHART_WINDOW_MS) {
                continue;
            }
            windows.add(new WindowRow(OffsetDateTime.parse(row.get(col.get("window_start")), WINDOW_START)
                    .toInstant().toEpochMilli(), row.get(col.get("warmup")).equals("t"), row.get(col.get("path")),
                    Double.parseDouble(row.get(col.get("rate_per_sec"))), number(row, col, "p50_ms"),
                    number(row, col, "p99_ms"), count(row, col, "lost"), count(row, col, "duplicates"),
                    col.containsKey("faults") ? row.get(col.get("faults")) : ""));
        }
        windows.sort((a, b) -> Long.compare(a.startMs(), b.startMs()));
        return new Windows(windows, col.containsKey("lost") && col.containsKey("duplicates"));
    }

    private static Double number(List<String> row, Map<String, Integer> col, String name) {
        String v = col.containsKey(name) ? row.get(col.get(name)) : "";
        return v.isEmpty() ? null : Double.valueOf(v);
    }

    private static Long count(List<String> row, Map<String, Integer> col, String name) {
        String v = col.containsKey(name) ? row.get(col.get(name)) : "";
        return v.isEmpty() ? null : Long.valueOf(v);
    }

    /** CSV as {@code ResultsDatabase.Csv} writes it: a field with a comma, quote or newline is quoted, "" inside. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    /** The runs' windows on one time axis (the union of their seconds), with their markers. */
    static ChartData chartData(List<Run> runs) {
        TreeSet<Long> offsetsMs = new TreeSet<>();
        runs.forEach(r -> r.windows().forEach(w -> offsetsMs.add(w.startMs() - r.clockStartMs())));
        List<Long> axis = List.copyOf(offsetsMs);
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < axis.size(); i++) {
            index.put(axis.get(i), i);
        }
        List<RunSeries> series = new ArrayList<>();
        for (Run run : runs) {
            Map<String, PathSeries> paths = new LinkedHashMap<>();
            PathMetrics.PATHS.forEach(path -> paths.put(path, pathSeries(run, path, index)));
            series.add(new RunSeries(run.label(), run.summary().path("warmupSec").asInt(), paths, faults(run),
                    faultWindows(run), actions(run)));
        }
        return new ChartData(axis.stream().map(ms -> ms / 1000.0).toList(), series);
    }

    /** {@code path}'s windows of {@code run} at their place on the axis ({@code index}: offset ms → position). */
    private static PathSeries pathSeries(Run run, String path, Map<Long, Integer> index) {
        int n = index.size();
        int meanSec = COMPLETE_ON_CHECKPOINT.contains(path) ? run.checkpointIntervalSec() : 1;
        PathSeries s = new PathSeries(nulls(n), meanSec, nulls(n), nulls(n), run.lossColumns() ? nulls(n) : null,
                run.lossColumns() ? nulls(n) : null);
        List<WindowRow> windows = run.windows().stream().filter(w -> w.path().equals(path)).toList();
        Map<Long, Double> completedByStartMs = new HashMap<>();
        windows.forEach(w -> completedByStartMs.put(w.startMs(), w.completedPerSec()));
        for (WindowRow w : windows) {
            int i = index.get(w.startMs() - run.clockStartMs());
            s.completedPerSec().set(i, trailingMean(completedByStartMs, w.startMs(), meanSec));
            s.p50Ms().set(i, w.p50Ms());
            s.p99Ms().set(i, w.p99Ms());
            if (s.lost() != null) {
                s.lost().set(i, w.lost());
                s.duplicates().set(i, w.duplicates());
            }
        }
        return s;
    }

    /** The mean of the 1 s windows {@code startMs} and the {@code seconds - 1} before it that the run has. */
    static double trailingMean(Map<Long, Double> byStartMs, long startMs, int seconds) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < seconds; i++) {
            Double v = byStartMs.get(startMs - i * CHART_WINDOW_MS);
            if (v != null) {
                sum += v;
                n++;
            }
        }
        return sum / n; // n >= 1: startMs is one of them
    }

    private static <T> List<T> nulls(int n) {
        List<T> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(null);
        }
        return list;
    }

    private static double sec(Run run, long epochMs) {
        return (epochMs - run.clockStartMs()) / 1000.0;
    }

    /** summary.json's faults that were applied (one that failed is in the events table and the warnings). */
    private static List<Marker> faults(Run run) {
        List<Marker> markers = new ArrayList<>();
        for (AppliedFault f : run.faults()) {
            if (f.applied() != null) {
                markers.add(new Marker(sec(run, f.appliedAtMs()), f.endedAtMs() > f.appliedAtMs()
                        ? sec(run, f.endedAtMs()) : null, f.label()));
            }
        }
        return markers;
    }

    /** Consecutive 1 s windows whose faults column says the same, as one span. */
    private static List<Marker> faultWindows(Run run) {
        List<Marker> spans = new ArrayList<>();
        Map<Long, String> bySecond = new TreeMap<>();
        run.windows().stream().filter(w -> !w.faults().isEmpty()).forEach(w -> bySecond.put(w.startMs(), w.faults()));
        Long from = null;
        long last = 0;
        String label = null;
        for (Map.Entry<Long, String> e : bySecond.entrySet()) {
            if (from != null && (e.getKey() != last + CHART_WINDOW_MS || !e.getValue().equals(label))) {
                spans.add(new Marker(sec(run, from), sec(run, last + CHART_WINDOW_MS), label));
                from = null;
            }
            if (from == null) {
                from = e.getKey();
                label = e.getValue();
            }
            last = e.getKey();
        }
        if (from != null) {
            spans.add(new Marker(sec(run, from), sec(run, last + CHART_WINDOW_MS), label));
        }
        return spans;
    }

    /**
     * summary.json's {@code actions} that were taken (refused ones changed nothing), labelled like the dashboard's
     * markers: {@code scale type=temperature count=80}; none when it has no such list.
     */
    private static List<Marker> actions(Run run) {
        List<Marker> markers = new ArrayList<>();
        for (JsonNode a : run.summary().path("actions")) {
            if (a.path("atMs").isNumber() && a.path("accepted").asBoolean(false)) {
                markers.add(new Marker(sec(run, a.path("atMs").asLong()), null, actionLabel(a)));
            }
        }
        return markers;
    }

    /** {@code scale type=temperature count=80}: as the dashboard labels it (RunAction.label). */
    static String actionLabel(JsonNode action) {
        StringBuilder label = new StringBuilder(action.path("verb").asText());
        action.path("params").fields().forEachRemaining(p -> label.append(' ').append(p.getKey()).append('=')
                .append(p.getValue().asText()));
        return label.toString();
    }
}
