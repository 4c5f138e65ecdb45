package kafkasim.jobs.report;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import kafkasim.common.json.Json;
import kafkasim.common.metrics.Histograms;
import kafkasim.common.metrics.MetricRecordCodec;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathCounters;
import kafkasim.common.metrics.PathMetricRecord;
import org.HdrHistogram.Histogram;

/** Builds lines of the log topic for tests: metric records with the common codec, other log records by hand. */
final class MetricLines {
    private MetricLines() {
    }

    static Histogram senderHistogram() {
        return Histograms.create();
    }

    /** A histogram of {@code n} latencies between {@code minUs} and {@code maxUs} (log-uniform), seeded. */
    static Histogram randomHistogram(long seed, int n, long minUs, long maxUs) {
        SplittableRandom random = new SplittableRandom(seed);
        Histogram h = senderHistogram();
        double lo = Math.log(minUs);
        double hi = Math.log(maxUs);
        for (int i = 0; i < n; i++) {
            h.recordValue((long) Math.exp(lo + random.nextDouble() * (hi - lo)));
        }
        return h;
    }

    static MetricSlice slice(long windowStartMs, Histogram latency, long lost, PathCounters counters) {
        return MetricSlice.of(windowStartMs, lost, 0, latency, counters);
    }

    static MetricSlice slice(long windowStartMs, Histogram latency) {
        return slice(windowStartMs, latency, 0, PathCounters.ZERO);
    }

    /** A metric record line as the jobs write it. */
    static String metricLine(String runId, String path, int subtask, long checkpointId, List<MetricSlice> slices) {
        return new String(MetricRecordCodec.encode(new PathMetricRecord(runId, path, subtask, checkpointId, slices),
                1_764_025_800_000_000L, checkpointId, 1234), StandardCharsets.UTF_8);
    }

    static String logLine(String process, String topic, String msg, Map<String, ?> data) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("ts", "2026-11-24T23:10:00.000000Z");
        record.put("seq", 17);
        record.put("level", "INFO");
        record.put("process", process);
        record.put("pid", 1234);
        record.put("topic", topic);
        record.put("msg", msg);
        record.put("data", data);
        try {
            return Json.mapper().writeValueAsString(record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An ordinary (non-metric) log line. */
    static String ordinaryLine() {
        return logLine("worker-2", "send", "sent", Map.of("acked", 10));
    }
}
