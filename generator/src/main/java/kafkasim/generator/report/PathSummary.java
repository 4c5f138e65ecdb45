package kafkasim.generator.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One consumer path in summary.json. {@code received} counts each message once where the path's own output can be
 * checked (medium: rows in the database; slow: distinct lines in the committed files), else from the path's metric
 * records (fast). {@code lost} = produced − distinct received; {@code duplicates} = messages the path took more than
 * once (fast: processed again after a restore; medium: rows are unique by key, so 0 unless the table says
 * otherwise; slow: repeated lines in the files).
 *
 * @param latencyMs  end-to-end latency from the scheduled send time until the path completed the message
 * @param alerts     fast: alerts raised; {@code precision}/{@code recall} against the injected anomalies
 * @param replayed   medium: inserts skipped because the row already existed (at-least-once replays)
 * @param files      slow: committed part files
 * @param unaccounted fast: produced messages no metric record counts, i.e. not processed by the end of the drain
 *                   (metric records follow the checkpoints, so a crash and restore leave none unaccounted);
 *                   {@code lost} counts only the gaps the path itself saw
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"received", "lost", "duplicates", "latencyMs"})
public record PathSummary(long received, long lost, long duplicates, LatencyMs latencyMs, Long alerts,
                          Double precision, Double recall, Long replayed, Integer files, Long unaccounted) {
}
