package kafkasim.jobs.report;

import kafkasim.common.metrics.MetricSlice;

/**
 * One accepted slice of a metric record: what one subtask of a path counted in (part of) one second. The input of
 * the report windows; its event time is {@code slice.windowStartMs()}.
 *
 * @param path    {@code fast}, {@code medium} or {@code slow}
 * @param subtask the reporting subtask's index
 * @param slice   the counts, exactly as the record carried them
 */
public record MetricSecond(String path, int subtask, MetricSlice slice) {
}
