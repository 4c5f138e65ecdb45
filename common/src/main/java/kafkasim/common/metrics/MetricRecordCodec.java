package kafkasim.common.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import kafkasim.common.json.Json;

/**
 * The one codec of metric records: the jobs write them, the aggregation job and the orchestrator read them. A record
 * is a log record of the project's log topic (one JSON line, see DESIGN.md) with {@code topic = "metrics"}:
 * <pre>
 * {"ts":"2026-…Z","seq":3,"level":"INFO","process":"flink-fast-0","pid":1234,"topic":"metrics","msg":"path metrics",
 *  "data":{"runId":"…","path":"fast","subtask":0,"checkpointId":17,
 *          "slices":[{"windowStartMs":…,"windowMs":1000,"received":…,"lost":…,"duplicates":…,"latencyUs":"…",
 *                     "alerts":…,"truePositives":…,"falsePositives":…,"falseNegatives":…,
 *                     "gaps":[["temperature-3",120,135],…],"filled":[["temperature-3",130],…]}, …]}}
 * </pre>
 * A slice carries exactly its path's counters ({@link PathCounters#names}); {@code gaps} (device, first and last
 * missing seq) and {@code filled} (device, seq) only when it has some. {@code ts} has six fraction digits (as
 * the generator's log lines, so ts strings sort); {@code seq} numbers the records one process instance built.
 *
 * <p>Decoding is strict: every field above is required with its JSON type (counts are non-negative integers, never
 * {@code 1.5} or {@code "10"}), unknown and repeated fields fail, {@code process} must be the record's own
 * {@code flink-PATH-SUBTASK}, a histogram must decode and hold exactly {@code received} values. A log record of
 * another topic is recognised from its {@code topic} alone (usually the sixth field), without reading its data.
 */
public final class MetricRecordCodec {
    public static final String TOPIC = "metrics";
    public static final String LEVEL = "INFO";
    public static final String MSG = "path metrics";
    static final DateTimeFormatter TS_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final JsonFactory FACTORY = Json.mapper().getFactory();

    private MetricRecordCodec() {
    }

    /**
     * The record as one log-topic value (UTF-8 JSON, no newline).
     *
     * @param tsUs when the record was built, epoch µs
     * @param seq  the building process instance's record count, from 0
     * @param pid  the building process's pid
     */
    public static byte[] encode(PathMetricRecord r, long tsUs, long seq, long pid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 128 * r.slices().size());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", formatTs(tsUs));
            g.writeNumberField("seq", seq);
            g.writeStringField("level", LEVEL);
            g.writeStringField("process", r.process());
            g.writeNumberField("pid", pid);
            g.writeStringField("topic", TOPIC);
            g.writeStringField("msg", MSG);
            g.writeObjectFieldStart("data");
            g.writeStringField("runId", r.runId());
            g.writeStringField("path", r.path());
            g.writeNumberField("subtask", r.subtask());
            g.writeNumberField("checkpointId", r.checkpointId());
            g.writeArrayFieldStart("slices");
            for (MetricSlice s : r.slices()) {
                g.writeStartObject();
                g.writeNumberField("windowStartMs", s.windowStartMs());
                g.writeNumberField("windowMs", s.windowMs());
                g.writeNumberField("received", s.received());
                g.writeNumberField("lost", s.lost());
                g.writeNumberField("duplicates", s.duplicates());
                g.writeStringField("latencyUs", s.latencyUs());
                for (String name : PathCounters.names(r.path())) {
                    g.writeNumberField(name, s.counters().get(name));
                }
                if (!s.gaps().isEmpty()) {
                    g.writeArrayFieldStart("gaps");
                    for (SeqRange gap : s.gaps()) {
                        g.writeStartArray();
                        g.writeString(gap.deviceId());
                        g.writeNumber(gap.fromSeq());
                        g.writeNumber(gap.toSeq());
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                }
                if (!s.filled().isEmpty()) {
                    g.writeArrayFieldStart("filled");
                    for (SeqRange fill : s.filled()) {
                        g.writeStartArray();
                        g.writeString(fill.deviceId());
                        g.writeNumber(fill.fromSeq());
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a metric record", e); // in memory: cannot happen
        }
        return out.toByteArray();
    }

    /** Decodes a metric record; anything else, a log record of another topic included, is an exception. */
    public static PathMetricRecord decode(byte[] line) throws MetricRecordException {
        return read(line, true).orElseThrow();
    }

    /**
     * Decodes {@code line} if it is a metric record: empty for a log record of another topic (a JSON object whose
     * {@code topic} is another string); an exception for a broken metric record and for a line that is no log
     * record at all.
     */
    public static Optional<PathMetricRecord> decodeIfMetric(byte[] line) throws MetricRecordException {
        return read(line, false);
    }

    /** As {@link #decodeIfMetric(byte[])} for a line already decoded from UTF-8. */
    public static Optional<PathMetricRecord> decodeIfMetric(String line) throws MetricRecordException {
        if (line == null) {
            throw new MetricRecordException("no line");
        }
        return read(line.getBytes(StandardCharsets.UTF_8), false);
    }

    static String formatTs(long epochMicros) {
        return TS_FORMAT.format(Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
                Math.floorMod(epochMicros, 1_000_000L) * 1_000L));
    }

    private static Optional<PathMetricRecord> read(byte[] line, boolean metricRequired) throws MetricRecordException {
        if (line == null || line.length == 0) {
            throw new MetricRecordException("empty line");
        }
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MetricRecordException("not a JSON object");
            }
            Header h = new Header();
            TokenBuffer dataBeforeTopic = null;
            DataReader.Data data = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("topic")) {
                    h.topic = Fields.text(p, "topic");
                    if (!TOPIC.equals(h.topic)) {
                        if (metricRequired) {
                            throw new MetricRecordException("not a metric record: topic \"" + h.topic + "\"");
                        }
                        return Optional.empty(); // another topic: the rest of the line is of no interest
                    }
                    if (dataBeforeTopic != null) {
                        data = DataReader.read(dataBeforeTopic.asParser());
                    }
                } else if (name.equals("data")) {
                    h.seen("data");
                    if (h.topic == null) { // unusual order: keep it until we know what this line is
                        dataBeforeTopic = TokenBuffer.asCopyOfValue(p);
                    } else {
                        data = DataReader.read(p);
                    }
                } else {
                    h.read(name, p);
                }
            }
            if (p.nextToken() != null) {
                throw new MetricRecordException("trailing content after the JSON object");
            }
            if (h.topic == null) {
                throw new MetricRecordException("not a log record: topic is missing");
            }
            h.check();
            if (data == null) {
                throw new MetricRecordException("data is missing");
            }
            PathMetricRecord r = data.toRecord();
            if (!r.process().equals(h.process)) {
                throw new MetricRecordException("process must be " + r.process() + " for a " + r.path()
                        + " record of subtask " + r.subtask() + ", got \"" + h.process + "\"");
            }
            return Optional.of(r);
        } catch (JsonProcessingException e) {
            throw new MetricRecordException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array
        }
    }

    /**
     * The log record's own fields. Their problems (an unknown field, a wrong type) are errors only once the line is
     * known to be a metric record: another process's log line is not this codec's to judge.
     */
    private static final class Header {
        String topic;
        String ts;
        String process;
        String problem;
        final Set<String> seen = new HashSet<>();

        void seen(String name) {
            seen.add(name);
        }

        void read(String name, JsonParser p) throws IOException {
            seen.add(name);
            try {
                switch (name) {
                    case "ts" -> ts = Fields.text(p, "ts");
                    case "seq", "pid" -> Fields.count(p, name);
                    case "level", "msg" -> Fields.text(p, name);
                    case "process" -> process = Fields.text(p, "process");
                    default -> throw new MetricRecordException("unknown field " + name);
                }
            } catch (MetricRecordException e) {
                if (problem == null) {
                    problem = e.getMessage();
                }
                p.skipChildren();
            }
        }

        void check() throws MetricRecordException {
            if (problem != null) {
                throw new MetricRecordException(problem);
            }
            for (String name : new String[] {"ts", "seq", "level", "process", "pid", "msg"}) {
                if (!seen.contains(name)) {
                    throw new MetricRecordException(name + " is missing");
                }
            }
            try {
                Instant.parse(ts);
            } catch (DateTimeParseException e) {
                throw new MetricRecordException("ts must be an ISO-8601 instant, got \"" + ts + "\"");
            }
        }
    }
}
