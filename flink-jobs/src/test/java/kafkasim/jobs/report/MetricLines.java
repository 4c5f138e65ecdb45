package kafkasim.jobs.report;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import kafkasim.common.json.Json;
import org.HdrHistogram.Histogram;

/** Builds log lines of the log topic's contract for tests, with histograms encoded as the senders do. */
final class MetricLines {
    /** The senders' histogram range and precision (µs, one hour, 3 digits). */
    static final long HIGHEST_TRACKABLE_US = 3_600_000_000L;

    private MetricLines() {
    }

    static Histogram senderHistogram() {
        return new Histogram(HIGHEST_TRACKABLE_US, 3);
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

    /** As the senders encode: compressed, base64. */
    static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buf);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buf.array(), length));
    }

    /** The data of a metric record; callers add or remove fields. */
    static Map<String, Object> data(String runId, String path, int subtask, long windowStartMs, Histogram latency) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("runId", runId);
        data.put("path", path);
        data.put("subtask", subtask);
        data.put("windowStartMs", windowStartMs);
        data.put("windowMs", 1000);
        data.put("received", latency.getTotalCount());
        data.put("lost", 0);
        data.put("duplicates", 0);
        data.put("latencyUs", encode(latency));
        return data;
    }

    static String metricLine(Map<String, Object> data) {
        return logLine("flink-" + data.get("path") + "-" + data.get("subtask"), "metrics", "path metrics", data);
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
