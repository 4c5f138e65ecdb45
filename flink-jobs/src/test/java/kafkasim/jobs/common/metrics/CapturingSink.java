package kafkasim.jobs.common.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import kafkasim.common.json.Json;

/** Collects published metric records in memory; parses them with the project's strict mapper. */
public final class CapturingSink implements MetricRecordSink {
    public final List<byte[]> records = new CopyOnWriteArrayList<>();
    public volatile boolean closed;

    @Override
    public void publish(byte[] value) {
        records.add(value);
    }

    @Override
    public void close() {
        closed = true;
    }

    public List<JsonNode> parsed() {
        return records.stream().map(CapturingSink::parse).toList();
    }

    /** Sum of a numeric data field over every record. */
    public long sum(String field) {
        return parsed().stream().mapToLong(r -> r.get("data").get(field).asLong()).sum();
    }

    public static JsonNode parse(byte[] record) {
        try {
            return Json.mapper().readTree(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
