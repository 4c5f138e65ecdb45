package kafkasim.generator.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import kafkasim.common.json.Json;

/**
 * Turns a {@link LogRecord} into one line of the data contract (UTF-8 JSON plus {@code '\n'}). Used by the writer
 * thread only, so it reuses one buffer. A {@code data} value Jackson cannot serialize never loses the record: the
 * line is re-encoded with {@code data = {"encodeError": "..."}}.
 */
final class JsonLineEncoder {
    /** Always six fraction digits, so that ts strings of one format also sort lexicographically. */
    static final DateTimeFormatter TS_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final ObjectMapper mapper = Json.mapper();
    private final JsonFactory factory = mapper.getFactory();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private final String process;
    private final long pid;

    JsonLineEncoder(String process, long pid) {
        this.process = process;
        this.pid = pid;
    }

    byte[] encode(LogRecord record) {
        buffer.reset();
        try {
            write(record, record.data());
        } catch (IOException | RuntimeException e) {
            buffer.reset();
            try {
                write(record, Map.of("encodeError", String.valueOf(e.getMessage())));
            } catch (IOException impossible) {
                throw new IllegalStateException("cannot encode a log record even without its data", impossible);
            }
        }
        return buffer.toByteArray();
    }

    static String formatTs(long epochMicros) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
                Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
        return TS_FORMAT.format(instant);
    }

    private void write(LogRecord record, Map<String, ?> data) throws IOException {
        try (JsonGenerator gen = factory.createGenerator(buffer)) {
            gen.writeStartObject();
            gen.writeStringField("ts", formatTs(record.epochMicros()));
            gen.writeNumberField("seq", record.seq());
            gen.writeStringField("level", record.level().name());
            gen.writeStringField("process", process);
            gen.writeNumberField("pid", pid);
            gen.writeStringField("topic", record.topic());
            gen.writeStringField("msg", record.msg());
            gen.writeFieldName("data");
            if (data == null) {
                gen.writeStartObject();
                gen.writeEndObject();
            } else {
                mapper.writeValue(gen, data);
            }
            gen.writeEndObject();
        }
        buffer.write('\n');
    }
}
