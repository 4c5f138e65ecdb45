package kafkasim.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Set;
import java.util.zip.DataFormatException;
import kafkasim.jobs.report.JsonFields.Problem;
import org.HdrHistogram.Histogram;

/**
 * Reads one line of the log topic. Only records with {@code topic = "metrics"} whose {@code data.runId} is the
 * wanted run are of interest; every other well-formed log record is {@link ParseResult.Ignored}. A metric record
 * of the wanted run that breaks the contract, and any line that is not a JSON object with a textual
 * {@code topic}, is {@link ParseResult.Malformed}: the job counts and skips it, it never fails on it.
 *
 * <p>The log record is read as a tree because its {@code data} differs from topic to topic; unknown fields are
 * therefore allowed, but types are strict (see {@link JsonFields}).
 */
public final class LogLineParser {
    /** The log record's {@code topic} value of metric records. */
    public static final String METRICS_TOPIC = "metrics";
    /** The paths that report metrics. */
    public static final Set<String> PATHS = Set.of("fast", "medium", "slow");

    private LogLineParser() {
    }

    /** Parses {@code line}; never throws. */
    public static ParseResult<MetricRecord> parse(String line, String runId) {
        try {
            JsonNode root = JsonFields.readObject(line);
            if (!METRICS_TOPIC.equals(JsonFields.of(root, "").text("topic"))) {
                return new ParseResult.Ignored<>();
            }
            JsonNode data = root.get("data");
            if (data == null || !data.isObject()) {
                throw new Problem("data of a metrics record must be an object");
            }
            JsonFields fields = JsonFields.of(data, "data");
            if (!runId.equals(fields.text("runId"))) {
                return new ParseResult.Ignored<>();
            }
            return new ParseResult.Valid<>(metric(fields, runId, data));
        } catch (Problem p) {
            return new ParseResult.Malformed<>(p.getMessage());
        }
    }

    /**
     * The event time of a line for the watermark strategy: {@code windowStartMs} of a valid metric record of the
     * wanted run, else {@link Long#MIN_VALUE} (which neither advances time nor counts as input activity).
     */
    public static long eventTimeMs(String line, String runId) {
        return parse(line, runId) instanceof ParseResult.Valid<MetricRecord> m
                ? m.value().windowStartMs() : Long.MIN_VALUE;
    }

    /** Decodes a histogram as {@link MetricRecord#latencyUs()} holds it (an empty array is an empty histogram). */
    public static Histogram decodeHistogram(byte[] compressed) {
        if (compressed.length == 0) {
            return new Histogram(WindowAccumulator.SIGNIFICANT_DIGITS);
        }
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), 0);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not a compressed HdrHistogram: " + e, e);
        }
    }

    private static MetricRecord metric(JsonFields f, String runId, JsonNode data) throws Problem {
        String path = f.text("path");
        if (!PATHS.contains(path)) {
            throw new Problem("data.path must be one of fast, medium, slow, got \"" + path + "\"");
        }
        long subtask = f.count("subtask");
        if (subtask > Short.MAX_VALUE) {
            throw new Problem("data.subtask must be at most " + Short.MAX_VALUE + ", got " + subtask);
        }
        long windowStartMs = f.count("windowStartMs");
        long windowMs = f.count("windowMs");
        if (windowMs == 0) {
            throw new Problem("data.windowMs must be > 0, got 0");
        }
        long received = f.count("received");
        return new MetricRecord(runId, path, (int) subtask, windowStartMs, windowMs, received,
                f.count("lost"), f.count("duplicates"), latency(data.get("latencyUs"), received),
                f.countOrZero("alerts"), f.countOrZero("truePositives"), f.countOrZero("falsePositives"),
                f.countOrZero("falseNegatives"), f.countOrZero("replayed"));
    }

    /** The compressed histogram bytes, validated by decoding once; absent only when nothing was received. */
    private static byte[] latency(JsonNode node, long received) throws Problem {
        if (node == null || node.isNull()) {
            if (received > 0) {
                throw new Problem("data.latencyUs is missing although received = " + received);
            }
            return new byte[0];
        }
        if (!node.isTextual()) {
            throw new Problem("data.latencyUs must be a base64 string, got " + node);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(node.textValue());
            decodeHistogram(bytes);
        } catch (IllegalArgumentException e) {
            throw new Problem("data.latencyUs is not a base64 compressed HdrHistogram: " + e.getMessage());
        }
        return bytes;
    }
}
