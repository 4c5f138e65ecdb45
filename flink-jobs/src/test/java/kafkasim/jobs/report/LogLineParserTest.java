package kafkasim.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kafkasim.common.metrics.PathCounters;
import kafkasim.common.metrics.PathMetricRecord;
import org.junit.jupiter.api.Test;

/** The report job's view of log lines; the codec's strictness itself is tested in common. */
class LogLineParserTest {
    private static final String RUN = "light-20261124-231000";
    private static final long T0 = 1_764_025_800_000L;

    @Test
    void aMetricRecordOfTheRunIsValid() {
        String line = MetricLines.metricLine(RUN, "fast", 1, 7, List.of(MetricLines.slice(T0,
                MetricLines.randomHistogram(2, 5, 10, 99), 0, new PathCounters(3, 2, 1, 4, 0))));
        PathMetricRecord r = (PathMetricRecord) assertInstanceOf(ParseResult.Valid.class,
                LogLineParser.parse(line, RUN)).value();
        assertEquals(7, r.checkpointId());
        assertEquals(new PathCounters(3, 2, 1, 4, 0), r.slices().get(0).counters());
    }

    @Test
    void otherTopicsAndOtherRunsAreIgnored() {
        assertInstanceOf(ParseResult.Ignored.class, LogLineParser.parse(MetricLines.ordinaryLine(), RUN));
        assertInstanceOf(ParseResult.Ignored.class, LogLineParser.parse(MetricLines.metricLine("another-run", "slow",
                0, 1, List.of()), RUN));
    }

    @Test
    void brokenLinesAreMalformedWithTheCodecsMessage() {
        String good = MetricLines.metricLine(RUN, "slow", 0, 1, List.of(MetricLines.slice(T0,
                MetricLines.randomHistogram(1, 3, 1, 10))));
        assertEquals("data.slices[0].received must be a non-negative integer, got 1.5",
                malformed(good.replace("\"received\":3", "\"received\":1.5")));
        assertEquals("not JSON: Unexpected end-of-input: expected close marker for Object (start marker at "
                + "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1])",
                malformed("{\"half a line\":1").replaceAll("\\s+", " "));
        assertTrue(malformed("not JSON").startsWith("not JSON"));
        assertEquals("no line", malformed(null));
    }

    private static String malformed(String line) {
        return assertInstanceOf(ParseResult.Malformed.class, LogLineParser.parse(line, RUN)).problem();
    }
}
