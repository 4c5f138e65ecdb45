package kafkasim.jobs.common.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import kafkasim.common.json.Json;

/**
 * Writes a path metric record in the project's log-record shape:
 * <pre>
 * {"ts":"…Z","seq":17,"level":"INFO","process":"flink-fast-0","pid":1234,"topic":"metrics","msg":"path metrics",
 *  "data":{"runId":…,"path":"fast","subtask":0,"windowStartMs":…,"windowMs":1000,"received":…,"lost":…,
 *          "duplicates":…,"latencyUs":"&lt;base64 HdrHistogram&gt;", …path-specific counters…}}
 * </pre>
 * {@code ts} always has six fraction digits (as the generator's log lines, so ts strings sort).
 */
final class MetricRecordEncoder {
    static final String LEVEL = "INFO";
    static final String TOPIC = "metrics";
    static final String MSG = "path metrics";
    static final DateTimeFormatter TS_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final JsonFactory factory = Json.mapper().getFactory();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private final String runId;
    private final String path;
    private final int subtask;
    private final String process;
    private final long pid;
    private final List<String> extraNames;

    MetricRecordEncoder(String runId, String path, int subtask, String process, long pid, List<String> extraNames) {
        this.runId = runId;
        this.path = path;
        this.subtask = subtask;
        this.process = process;
        this.pid = pid;
        this.extraNames = List.copyOf(extraNames);
    }

    byte[] encode(long tsUs, long seq, WindowSnapshot w) {
        buffer.reset();
        try (JsonGenerator gen = factory.createGenerator(buffer)) {
            gen.writeStartObject();
            gen.writeStringField("ts", formatTs(tsUs));
            gen.writeNumberField("seq", seq);
            gen.writeStringField("level", LEVEL);
            gen.writeStringField("process", process);
            gen.writeNumberField("pid", pid);
            gen.writeStringField("topic", TOPIC);
            gen.writeStringField("msg", MSG);
            gen.writeObjectFieldStart("data");
            gen.writeStringField("runId", runId);
            gen.writeStringField("path", path);
            gen.writeNumberField("subtask", subtask);
            gen.writeNumberField("windowStartMs", w.windowStartMs());
            gen.writeNumberField("windowMs", PathMetrics.WINDOW_MS);
            gen.writeNumberField("received", w.received());
            gen.writeNumberField("lost", w.lost());
            gen.writeNumberField("duplicates", w.duplicates());
            gen.writeStringField("latencyUs", w.latencyUs());
            for (int i = 0; i < extraNames.size(); i++) {
                gen.writeNumberField(extraNames.get(i), w.extras()[i]);
            }
            gen.writeEndObject();
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a metric record", e); // cannot happen in memory
        }
        return buffer.toByteArray();
    }

    static String formatTs(long epochMicros) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
                Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
        return TS_FORMAT.format(instant);
    }
}
