package kafkasim.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import kafkasim.common.metrics.PathMetricRecord;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

class ParseFunctionTest {
    @Test
    void malformedLinesAreCountedAndSkippedIgnoredLinesVanish() {
        String run = "r1";
        ParseFunction<PathMetricRecord> f = new ParseFunction<>("log line", line -> LogLineParser.parse(line, run));
        List<PathMetricRecord> out = new ArrayList<>();
        ListCollector<PathMetricRecord> collector = new ListCollector<>(out);
        String good = MetricLines.metricLine(run, "fast", 0, 1, List.of(MetricLines.slice(1000,
                MetricLines.randomHistogram(1, 10, 1, 100))));
        List<String> lines = new ArrayList<>(List.of(good, MetricLines.ordinaryLine(), "garbage", "", "{}",
                good.replace("\"fast\"", "\"warp\""), good.replace(run, "r2")));
        for (int i = 0; i < 2 * ParseFunction.LOG_FIRST; i++) {
            lines.add("{broken " + i);
        }
        for (String line : lines) {
            f.flatMap(line, collector);
        }
        assertEquals(1, out.size());
        assertEquals(4 + 2 * ParseFunction.LOG_FIRST, f.malformed());
    }
}
