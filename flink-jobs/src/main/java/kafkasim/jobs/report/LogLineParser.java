package kafkasim.jobs.report;

import java.util.Optional;
import kafkasim.common.metrics.MetricRecordCodec;
import kafkasim.common.metrics.MetricRecordException;
import kafkasim.common.metrics.PathMetricRecord;

/**
 * Reads one line of the log topic with the common {@link MetricRecordCodec}: a metric record of the wanted run is
 * {@link ParseResult.Valid}; a log record of another topic, or a metric record of another run, is
 * {@link ParseResult.Ignored}; anything that is no log record or breaks the metric record contract is
 * {@link ParseResult.Malformed} (the job counts and skips it, it never fails on it). Never throws.
 */
public final class LogLineParser {
    private LogLineParser() {
    }

    public static ParseResult<PathMetricRecord> parse(String line, String runId) {
        try {
            Optional<PathMetricRecord> metric = MetricRecordCodec.decodeIfMetric(line);
            if (metric.isEmpty() || !metric.get().runId().equals(runId)) {
                return new ParseResult.Ignored<>();
            }
            return new ParseResult.Valid<>(metric.get());
        } catch (MetricRecordException e) {
            return new ParseResult.Malformed<>(e.getMessage());
        }
    }
}
