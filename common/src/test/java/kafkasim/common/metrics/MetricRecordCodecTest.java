package kafkasim.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import kafkasim.common.json.Json;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class MetricRecordCodecTest {
    static final long T0_MS = 1_764_025_800_000L;
    static final long TS_US = 1_764_025_802_123_456L;

    static Histogram latencies(long... valuesUs) {
        Histogram h = Histograms.create();
        for (long v : valuesUs) {
            h.recordValue(v);
        }
        return h;
    }

    static PathMetricRecord fast() {
        return new PathMetricRecord("light-1", "fast", 1, 17, List.of(
                MetricSlice.of(T0_MS, 2, 1, latencies(1500, 2500), new PathCounters(2, 1, 1, 3, 0)),
                MetricSlice.of(T0_MS + 1000, 0, 0, latencies(), PathCounters.ZERO)));
    }

    @Test
    void everyPathRoundTrips() throws Exception {
        List<PathMetricRecord> records = List.of(fast(),
                new PathMetricRecord("r", "medium", 0, 1, List.of(MetricSlice.of(T0_MS, 0, 0, latencies(7),
                        new PathCounters(0, 0, 0, 0, 4)))),
                new PathMetricRecord("r", "slow", 3, 9_000_000_000L, List.of(MetricSlice.of(T0_MS, 0, 2,
                        latencies(3_000_000, 2_999_000), PathCounters.ZERO))),
                new PathMetricRecord("r", "slow", 0, 0, List.of()));
        for (PathMetricRecord r : records) {
            byte[] line = MetricRecordCodec.encode(r, TS_US, 5, 4242);
            assertEquals(r, MetricRecordCodec.decode(line));
            assertEquals(Optional.of(r), MetricRecordCodec.decodeIfMetric(line));
            assertEquals(Optional.of(r), MetricRecordCodec.decodeIfMetric(new String(line, StandardCharsets.UTF_8)));
        }
        assertEquals(2, fast().slices().get(0).latencyHistogram().getTotalCount());
    }

    @Test
    void theLineHasTheLogRecordShapeAndOnlyThePathsCounters() throws Exception {
        JsonNode r = Json.mapper().readTree(MetricRecordCodec.encode(fast(), TS_US, 5, 4242));
        assertEquals(List.of("ts", "seq", "level", "process", "pid", "topic", "msg", "data"), names(r));
        assertEquals("2025-11-24T23:10:02.123456Z", r.get("ts").asText());
        assertEquals(5, r.get("seq").asLong());
        assertEquals("flink-fast-1", r.get("process").asText());
        assertEquals(4242, r.get("pid").asLong());
        assertEquals("metrics", r.get("topic").asText());
        assertEquals(List.of("runId", "path", "subtask", "checkpointId", "slices"), names(r.get("data")));
        assertEquals(List.of("windowStartMs", "windowMs", "received", "lost", "duplicates", "latencyUs", "alerts",
                "truePositives", "falsePositives", "falseNegatives"), names(r.get("data").get("slices").get(0)));
        JsonNode medium = Json.mapper().readTree(MetricRecordCodec.encode(new PathMetricRecord("r", "medium", 0, 1,
                List.of(MetricSlice.of(T0_MS, 0, 0, latencies(), PathCounters.ZERO))), TS_US, 0, 1));
        assertEquals(List.of("windowStartMs", "windowMs", "received", "lost", "duplicates", "latencyUs", "replayed"),
                names(medium.get("data").get("slices").get(0)));
    }

    @Test
    void logRecordsOfOtherTopicsAreRecognisedWithoutReadingTheirData() throws Exception {
        String other = "{\"ts\":\"2026-01-01T00:00:00.000000Z\",\"seq\":1,\"level\":\"INFO\",\"process\":\"worker-0\","
                + "\"pid\":1,\"topic\":\"send\",\"msg\":\"sent\",\"data\":{\"acked\":10}}";
        assertEquals(Optional.empty(), MetricRecordCodec.decodeIfMetric(other));
        // nothing after the topic is looked at, and what comes before is the other topic's business
        assertEquals(Optional.empty(), MetricRecordCodec.decodeIfMetric("{\"topic\":\"send\",\"data\":[[[ broken"));
        assertEquals(Optional.empty(), MetricRecordCodec.decodeIfMetric("{\"seq\":\"x\",\"host\":1,\"topic\":\"send\"}"));
        MetricRecordException e = assertThrows(MetricRecordException.class,
                () -> MetricRecordCodec.decode(other.getBytes(StandardCharsets.UTF_8)));
        assertEquals("not a metric record: topic \"send\"", e.getMessage());
    }

    @Test
    void linesThatAreNoLogRecordAreErrors() {
        assertProblem("not JSON", "this is not JSON");
        assertProblem("not a JSON object", "[1, 2]");
        assertProblem("not a log record: topic is missing", "{}");
        assertProblem("empty line", "");
        assertProblem("topic must be a string, got 7", "{\"topic\":7}");
    }

    @Test
    void dataMayComeBeforeTheTopic() throws Exception {
        ObjectNode r = tree(fast());
        JsonNode data = r.remove("data");
        ObjectNode reordered = Json.mapper().createObjectNode();
        reordered.set("data", data);
        reordered.setAll(r);
        assertEquals(fast(), MetricRecordCodec.decode(Json.mapper().writeValueAsBytes(reordered)));
    }

    @Test
    void unknownMissingAndRepeatedFieldsAreErrors() {
        assertBroken("unknown field extra", r -> r.put("extra", 1));
        assertBroken("unknown field data.extra", r -> data(r).put("extra", 1));
        assertBroken("unknown field data.slices[1].extra", r -> slice(r, 1).put("extra", 1));
        for (String field : List.of("ts", "seq", "level", "process", "pid", "msg")) {
            assertBroken(field + " is missing", r -> r.remove(field));
        }
        assertBroken("data is missing", r -> r.remove("data"));
        for (String field : List.of("runId", "path", "subtask", "checkpointId", "slices")) {
            assertBroken("data." + field + " is missing", r -> data(r).remove(field));
        }
        for (String field : List.of("windowStartMs", "windowMs", "received", "lost", "duplicates", "latencyUs",
                "alerts", "falseNegatives")) {
            assertBroken("data.slices[0]." + field + " is missing", r -> slice(r, 0).remove(field));
        }
        String line = new String(MetricRecordCodec.encode(fast(), TS_US, 0, 1), StandardCharsets.UTF_8);
        assertProblem("not JSON: Duplicate field 'seq'", line.replace("\"seq\":0,", "\"seq\":0,\"seq\":1,"));
        assertProblem("trailing content after the JSON object", line + " {}");
    }

    @Test
    void wrongTypesAndImpossibleValuesAreErrors() {
        assertBroken("data.slices[0].received must be a non-negative integer, got 1.5",
                r -> slice(r, 0).put("received", 1.5));
        assertBroken("data.slices[0].lost must be a non-negative integer, got \"10\"",
                r -> slice(r, 0).put("lost", "10"));
        assertBroken("data.slices[0].duplicates must be a non-negative integer, got -1",
                r -> slice(r, 0).put("duplicates", -1));
        assertBroken("data.checkpointId must be a non-negative integer, got 99999999999999999999",
                r -> data(r).put("checkpointId", new java.math.BigInteger("99999999999999999999")));
        assertBroken("data.subtask must be at most 32767, got 40000", r -> data(r).put("subtask", 40000));
        assertBroken("data.runId must be a string, got 5", r -> data(r).put("runId", 5));
        assertBroken("data.slices must be an array, got an object", r -> data(r).putObject("slices"));
        assertBroken("data.slices[0] must be an object, got 3", r -> data(r).withArray("slices").insert(0, 3));
        assertBroken("data must be an object, got \"x\"", r -> r.put("data", "x"));
        assertBroken("data.path must be one of fast, medium, slow, got \"warp\"", r -> data(r).put("path", "warp"));
        assertBroken("data.slices[0].windowMs must be > 0, got 0", r -> slice(r, 0).put("windowMs", 0));
        assertBroken("ts must be an ISO-8601 instant, got \"yesterday\"", r -> r.put("ts", "yesterday"));
        assertBroken("seq must be a non-negative integer, got \"7\"", r -> r.put("seq", "7"));
        assertBroken("level must be a string, got 3", r -> r.put("level", 3));
        assertBroken("process must be flink-fast-1 for a fast record of subtask 1, got \"flink-fast-0\"",
                r -> r.put("process", "flink-fast-0"));
    }

    @Test
    void gapsAndFillsRoundTripAndAreCheckedAgainstLost() throws Exception {
        PathMetricRecord r = new PathMetricRecord("r", "slow", 0, 3, List.of(MetricSlice.of(T0_MS, 5, 0,
                latencies(7), PathCounters.ZERO, List.of(new SeqRange("temperature-3", 120, 123),
                        SeqRange.of("humidity-0", 9)), List.of(SeqRange.of("temperature-1", 4)))));
        byte[] line = MetricRecordCodec.encode(r, TS_US, 5, 4242);
        assertEquals(r, MetricRecordCodec.decode(line));
        JsonNode slice = Json.mapper().readTree(line).at("/data/slices/0");
        assertEquals("[[\"temperature-3\",120,123],[\"humidity-0\",9,9]]", slice.get("gaps").toString());
        assertEquals("[[\"temperature-1\",4]]", slice.get("filled").toString());
        JsonNode plain = Json.mapper().readTree(MetricRecordCodec.encode(fast(), TS_US, 5, 4242));
        assertTrue(!plain.at("/data/slices/0").has("gaps"), "no gaps, no field");
        assertBroken("data.slices[0]: the gaps hold 3 seqs, but lost is 2",
                r2 -> slice(r2, 0).putArray("gaps").add(Json.mapper().createArrayNode().add("t-1").add(5).add(7)));
        assertBroken("data.slices[0].gaps[0] must hold exactly 3 values",
                r2 -> slice(r2, 0).putArray("gaps").add(Json.mapper().createArrayNode().add("t-1").add(5).add(6)
                        .add(7)));
        assertBroken("data.slices[0].gaps[0]: bad seq range 6..5 of t-1",
                r2 -> slice(r2, 0).putArray("gaps").add(Json.mapper().createArrayNode().add("t-1").add(6).add(5)));
        assertBroken("data.slices[0].filled[0][1] must be a non-negative integer, got -4",
                r2 -> slice(r2, 0).putArray("filled").add(Json.mapper().createArrayNode().add("t-1").add(-4)));
    }

    @Test
    void countersMustBeExactlyThePathsOwn() {
        assertBroken("data.slices[0].replayed is not a counter of path fast", r -> slice(r, 0).put("replayed", 0));
        assertBroken("data.slices[1].alerts is not a counter of path medium", r -> {
            data(r).put("path", "medium");
            r.put("process", "flink-medium-1");
            for (int i = 0; i < 2; i++) {
                slice(r, i).put("replayed", 0);
            }
            slice(r, 0).remove(List.of("alerts", "truePositives", "falsePositives", "falseNegatives"));
        });
    }

    @Test
    void aBadHistogramIsAnError() {
        assertBroken("data.slices[0].latencyUs is not a base64 compressed HdrHistogram: not an encoded histogram",
                r -> slice(r, 0).put("latencyUs", "AAAA"));
        assertTrue(problem(r -> slice(r, 0).put("latencyUs", "%%%")).startsWith("data.slices[0].latencyUs is not"));
        assertBroken("data.slices[0].latencyUs holds 2 values, but received is 3", r -> slice(r, 0).put("received", 3));
    }

    @Test
    void dedupeAcceptsEachCheckpointOncePerStreamInOrder() {
        MetricRecordDedupe dedupe = new MetricRecordDedupe();
        assertTrue(dedupe.accept(record("fast", 0, 3)));
        assertTrue(dedupe.accept(record("fast", 1, 2)), "another subtask is another stream");
        assertTrue(dedupe.accept(record("slow", 0, 1)), "another path too");
        assertTrue(!dedupe.accept(record("fast", 0, 3)), "republished after a restore");
        assertTrue(!dedupe.accept(record("fast", 0, 2)), "older than the last accepted");
        assertTrue(dedupe.accept(record("fast", 0, 4)));
        assertEquals(2, dedupe.dropped());
        assertTrue(MetricRecordDedupe.isNew(1, null));
        assertTrue(!MetricRecordDedupe.isNew(1, 1L));
    }

    private static PathMetricRecord record(String path, int subtask, long checkpointId) {
        return new PathMetricRecord("r", path, subtask, checkpointId, List.of());
    }

    private static ObjectNode tree(PathMetricRecord r) {
        try {
            return (ObjectNode) Json.mapper().readTree(MetricRecordCodec.encode(r, TS_US, 0, 1));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode data(ObjectNode r) {
        return (ObjectNode) r.get("data");
    }

    private static ObjectNode slice(ObjectNode r, int i) {
        return (ObjectNode) r.get("data").get("slices").get(i);
    }

    private static String problem(Consumer<ObjectNode> breakIt) {
        ObjectNode r = tree(fast());
        breakIt.accept(r);
        try {
            MetricRecordCodec.decode(Json.mapper().writeValueAsBytes(r));
        } catch (MetricRecordException e) {
            return e.getMessage();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("decoded although broken: " + r);
    }

    private static void assertBroken(String expected, Consumer<ObjectNode> breakIt) {
        assertEquals(expected, problem(breakIt));
    }

    private static void assertProblem(String expectedStart, String line) {
        MetricRecordException e = assertThrows(MetricRecordException.class,
                () -> MetricRecordCodec.decodeIfMetric(line));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
