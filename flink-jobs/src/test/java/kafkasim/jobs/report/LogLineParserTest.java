package kafkasim.jobs.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LogLineParserTest {
    private static final String RUN = "light-20261124-231000";
    private static final long T0 = 1_764_025_800_000L;

    @Test
    void readsAMetricRecordWithAbsentOptionalCountsAsZero() {
        Histogram h = MetricLines.randomHistogram(1, 100, 500, 50_000);
        MetricRecord r = valid(MetricLines.metricLine(MetricLines.data(RUN, "medium", 1, T0, h)));
        assertEquals(RUN, r.runId());
        assertEquals("medium", r.path());
        assertEquals(1, r.subtask());
        assertEquals(T0, r.windowStartMs());
        assertEquals(1000, r.windowMs());
        assertEquals(100, r.received());
        assertEquals(0, r.alerts() + r.truePositives() + r.falsePositives() + r.falseNegatives() + r.replayed());
        assertEquals(h, LogLineParser.decodeHistogram(r.latencyUs()));
        assertEquals(T0, LogLineParser.eventTimeMs(MetricLines.metricLine(MetricLines.data(RUN, "medium", 1, T0, h)),
                RUN));
    }

    @Test
    void readsTheFastPathsDetectionCountsAndTheMediumPathsReplays() {
        Map<String, Object> data = MetricLines.data(RUN, "fast", 0, T0, MetricLines.randomHistogram(2, 5, 10, 99));
        data.put("alerts", 3);
        data.put("truePositives", 2);
        data.put("falsePositives", 1);
        data.put("falseNegatives", 4);
        data.put("replayed", 7);
        MetricRecord r = valid(MetricLines.metricLine(data));
        assertEquals(3, r.alerts());
        assertEquals(2, r.truePositives());
        assertEquals(1, r.falsePositives());
        assertEquals(4, r.falseNegatives());
        assertEquals(7, r.replayed());
    }

    @Test
    void anAbsentHistogramIsEmptyWhenNothingWasReceived() {
        Map<String, Object> data = MetricLines.data(RUN, "slow", 0, T0, MetricLines.senderHistogram());
        data.remove("latencyUs");
        MetricRecord r = valid(MetricLines.metricLine(data));
        assertEquals(0, r.received());
        assertArrayEquals(new byte[0], r.latencyUs());
    }

    @Test
    void ignoresOrdinaryLogLinesAndOtherRuns() {
        assertInstanceOf(ParseResult.Ignored.class, LogLineParser.parse(MetricLines.ordinaryLine(), RUN));
        String otherRun = MetricLines.metricLine(MetricLines.data("other-run", "fast", 0, T0,
                MetricLines.senderHistogram()));
        assertInstanceOf(ParseResult.Ignored.class, LogLineParser.parse(otherRun, RUN));
        assertEquals(Long.MIN_VALUE, LogLineParser.eventTimeMs(otherRun, RUN));
        assertEquals(Long.MIN_VALUE, LogLineParser.eventTimeMs(MetricLines.ordinaryLine(), RUN));
        // a metric record of another run is not checked further: its contract is not ours to enforce
        Map<String, Object> broken = MetricLines.data("other-run", "nowhere", 0, T0, MetricLines.senderHistogram());
        assertInstanceOf(ParseResult.Ignored.class, LogLineParser.parse(MetricLines.metricLine(broken), RUN));
    }

    @Test
    void malformedLinesNameTheProblem() {
        malformed("", "empty line");
        malformed("{not json", "not JSON");
        malformed("[1,2]", "not a JSON object");
        malformed("{\"topic\":\"metrics\",\"data\":{}} trailing", "not JSON");
        malformed("{\"msg\":\"no topic\"}", "topic must be a string");
        malformed("{\"topic\":\"metrics\",\"data\":[]}", "data of a metrics record must be an object");
        malformed("{\"topic\":\"metrics\",\"data\":{\"path\":\"fast\"}}", "data.runId must be a string");
        malformedData(d -> d.put("path", "turbo"), "data.path must be one of");
        malformedData(d -> d.remove("received"), "data.received is missing");
        malformedData(d -> d.put("received", 1.5), "data.received must be a non-negative integer");
        malformedData(d -> d.put("lost", "10"), "data.lost must be a non-negative integer");
        malformedData(d -> d.put("duplicates", -1), "data.duplicates must be a non-negative integer");
        malformedData(d -> d.put("alerts", true), "data.alerts must be a non-negative integer");
        malformedData(d -> d.put("windowMs", 0), "data.windowMs must be > 0");
        malformedData(d -> d.put("subtask", 1 << 20), "data.subtask must be at most");
        malformedData(d -> d.put("latencyUs", "%%%"), "data.latencyUs is not a base64 compressed HdrHistogram");
        malformedData(d -> d.put("latencyUs", "aGVsbG8gd29ybGQ="), "data.latencyUs is not a base64 compressed");
        malformedData(d -> d.put("latencyUs", 12), "data.latencyUs must be a base64 string");
        malformedData(d -> d.remove("latencyUs"), "data.latencyUs is missing although received = 10");
    }

    @Test
    void duplicateKeysAreMalformed() {
        malformed("{\"topic\":\"metrics\",\"topic\":\"send\"}", "not JSON");
    }

    private static void malformedData(Consumer<Map<String, Object>> change, String expected) {
        Map<String, Object> data = MetricLines.data(RUN, "fast", 0, T0, MetricLines.randomHistogram(3, 10, 1, 9));
        change.accept(data);
        malformed(MetricLines.metricLine(data), expected);
    }

    private static void malformed(String line, String expected) {
        ParseResult<MetricRecord> result = LogLineParser.parse(line, RUN);
        ParseResult.Malformed<?> bad = assertInstanceOf(ParseResult.Malformed.class, result, line);
        assertTrue(bad.problem().startsWith(expected), () -> "expected '" + expected + "…' but got '"
                + bad.problem() + "' for " + line);
        assertEquals(Long.MIN_VALUE, LogLineParser.eventTimeMs(line, RUN));
    }

    private static MetricRecord valid(String line) {
        ParseResult<MetricRecord> result = LogLineParser.parse(line, RUN);
        ParseResult.Valid<?> ok = assertInstanceOf(ParseResult.Valid.class, result, () -> result + " for " + line);
        return (MetricRecord) ok.value();
    }
}
