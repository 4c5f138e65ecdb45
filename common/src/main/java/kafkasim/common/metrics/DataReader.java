package kafkasim.common.metrics;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/** Reads the {@code data} object of a metric record strictly (see {@link MetricRecordCodec}). */
final class DataReader {
    private static final Set<String> SLICE_FIELDS = Set.of("windowStartMs", "windowMs", "received", "lost",
            "duplicates", "latencyUs");

    /** A slice as read; its counters are checked once the path is known (the path may come after the slices). */
    private record RawSlice(String where, MetricSlice base, Map<String, Long> counters, List<SeqRange> gaps,
                            List<SeqRange> filled) {
    }

    /** What the data object held. */
    record Data(String runId, String path, long subtask, long checkpointId, List<RawSlice> slices) {
        PathMetricRecord toRecord() throws MetricRecordException {
            if (!PathMetricRecord.PATHS.contains(path)) {
                throw new MetricRecordException("data.path must be one of " + String.join(", ", PathMetricRecord.PATHS)
                        + ", got \"" + path + "\"");
            }
            if (runId.isBlank()) {
                throw new MetricRecordException("data.runId must not be empty");
            }
            if (subtask > Short.MAX_VALUE) {
                throw new MetricRecordException("data.subtask must be at most " + Short.MAX_VALUE + ", got " + subtask);
            }
            List<String> names = PathCounters.names(path);
            List<MetricSlice> out = new ArrayList<>(slices.size());
            for (RawSlice s : slices) {
                for (String name : s.counters.keySet()) {
                    if (!names.contains(name)) {
                        throw new MetricRecordException(s.where + "." + name + " is not a counter of path " + path);
                    }
                }
                for (String name : names) {
                    if (!s.counters.containsKey(name)) {
                        throw new MetricRecordException(s.where + "." + name + " is missing");
                    }
                }
                MetricSlice b = s.base;
                try {
                    out.add(new MetricSlice(b.windowStartMs(), b.windowMs(), b.received(), b.lost(), b.duplicates(),
                            b.latencyUs(), PathCounters.of(s.counters), s.gaps, s.filled));
                } catch (IllegalArgumentException e) {
                    throw new MetricRecordException(s.where + ": " + e.getMessage());
                }
            }
            return new PathMetricRecord(runId, path, (int) subtask, checkpointId, out);
        }
    }

    private DataReader() {
    }

    /** Reads the object {@code p} is at (its START_OBJECT is the current token). */
    static Data read(JsonParser p) throws IOException, MetricRecordException {
        if (p.currentToken() == null) {
            p.nextToken();
        }
        Fields.expect(p, JsonToken.START_OBJECT, "data", "an object");
        String runId = null;
        String path = null;
        long subtask = -1;
        long checkpointId = -1;
        List<RawSlice> slices = null;
        Set<String> seen = new HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String field = "data." + name;
            p.nextToken();
            seen.add(name);
            switch (name) {
                case "runId" -> runId = Fields.text(p, field);
                case "path" -> path = Fields.text(p, field);
                case "subtask" -> subtask = Fields.count(p, field);
                case "checkpointId" -> checkpointId = Fields.count(p, field);
                case "slices" -> slices = slices(p);
                default -> throw new MetricRecordException("unknown field " + field);
            }
        }
        for (String name : List.of("runId", "path", "subtask", "checkpointId", "slices")) {
            if (!seen.contains(name)) {
                throw new MetricRecordException("data." + name + " is missing");
            }
        }
        return new Data(runId, path, subtask, checkpointId, slices);
    }

    private static List<RawSlice> slices(JsonParser p) throws IOException, MetricRecordException {
        Fields.expect(p, JsonToken.START_ARRAY, "data.slices", "an array");
        List<RawSlice> slices = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            slices.add(slice(p, "data.slices[" + slices.size() + "]"));
        }
        return slices;
    }

    private static RawSlice slice(JsonParser p, String where) throws IOException, MetricRecordException {
        Fields.expect(p, JsonToken.START_OBJECT, where, "an object");
        Map<String, Long> base = new HashMap<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        String latencyUs = null;
        List<SeqRange> gaps = List.of();
        List<SeqRange> filled = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String field = where + "." + name;
            p.nextToken();
            if (name.equals("latencyUs")) {
                latencyUs = Fields.text(p, field);
            } else if (name.equals("gaps")) {
                gaps = seqRanges(p, field, 3);
            } else if (name.equals("filled")) {
                filled = seqRanges(p, field, 2);
            } else if (SLICE_FIELDS.contains(name)) {
                base.put(name, Fields.count(p, field));
            } else if (PathCounters.ALL.contains(name)) {
                counters.put(name, Fields.count(p, field));
            } else {
                throw new MetricRecordException("unknown field " + field);
            }
        }
        for (String name : SLICE_FIELDS) {
            if (!base.containsKey(name) && !(name.equals("latencyUs") && latencyUs != null)) {
                throw new MetricRecordException(where + "." + name + " is missing");
            }
        }
        long windowMs = base.get("windowMs");
        if (windowMs == 0) {
            throw new MetricRecordException(where + ".windowMs must be > 0, got 0");
        }
        long received = base.get("received");
        checkHistogram(latencyUs, received, where + ".latencyUs");
        return new RawSlice(where, new MetricSlice(base.get("windowStartMs"), windowMs, received, base.get("lost"),
                base.get("duplicates"), latencyUs, PathCounters.ZERO), counters, gaps, filled);
    }

    /** {@code [[deviceId, from, to], …]} ({@code width} 3) or {@code [[deviceId, seq], …]} (2). */
    private static List<SeqRange> seqRanges(JsonParser p, String field, int width)
            throws IOException, MetricRecordException {
        Fields.expect(p, JsonToken.START_ARRAY, field, "an array");
        List<SeqRange> ranges = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String at = field + "[" + ranges.size() + "]";
            Fields.expect(p, JsonToken.START_ARRAY, at, width == 3 ? "[deviceId, fromSeq, toSeq]" : "[deviceId, seq]");
            p.nextToken();
            String device = Fields.text(p, at + "[0]");
            p.nextToken();
            long from = Fields.count(p, at + "[1]");
            long to = from;
            if (width == 3) {
                p.nextToken();
                to = Fields.count(p, at + "[2]");
            }
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw new MetricRecordException(at + " must hold exactly " + width + " values");
            }
            try {
                ranges.add(new SeqRange(device, from, to));
            } catch (IllegalArgumentException e) {
                throw new MetricRecordException(at + ": " + e.getMessage());
            }
        }
        return ranges;
    }

    private static void checkHistogram(String base64, long received, String field) throws MetricRecordException {
        Histogram h;
        try {
            h = Histograms.decode(base64);
        } catch (RuntimeException e) {
            throw new MetricRecordException(field + " is not a base64 compressed HdrHistogram: " + e.getMessage());
        }
        if (h.getTotalCount() != received) {
            throw new MetricRecordException(field + " holds " + h.getTotalCount() + " values, but received is "
                    + received);
        }
    }
}
