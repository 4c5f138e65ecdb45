package kafkasim.jobs.report;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Adds the window's metadata (run, length, start, path, rate) to the totals {@link ReportAggregate} computed. */
public final class ReportWindowFunction
        extends ProcessWindowFunction<WindowTotals, ReportWindow, String, TimeWindow> {
    private static final long serialVersionUID = 1L;
    private final String runId;

    public ReportWindowFunction(String runId) {
        this.runId = runId;
    }

    @Override
    public void process(String path, Context context, Iterable<WindowTotals> totals, Collector<ReportWindow> out) {
        TimeWindow window = context.window();
        long windowMs = window.getEnd() - window.getStart();
        for (WindowTotals t : totals) { // exactly one: the aggregate's result
            out.collect(toReportWindow(runId, path, window.getStart(), windowMs, t));
        }
    }

    static ReportWindow toReportWindow(String runId, String path, long windowStartMs, long windowMs,
                                       WindowTotals t) {
        double ratePerSec = t.received() * 1000.0 / windowMs;
        return new ReportWindow(runId, windowMs, windowStartMs, path, t.received(), t.lost(), t.duplicates(),
                ratePerSec, t.p50Ms(), t.p90Ms(), t.p99Ms(), t.p999Ms(), t.maxMs(), t.alerts(),
                t.truePositives(), t.falsePositives(), t.falseNegatives(), t.replayed(), t.subtasks());
    }
}
