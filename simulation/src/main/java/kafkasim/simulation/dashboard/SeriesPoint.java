package kafkasim.simulation.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One second of the charts, kept for the whole run so a page opened late draws the run from its start (a few dozen
 * bytes per second, not the whole {@link LiveSnapshot}).
 *
 * @param paths per path: {@code [completedPerSec, p50Ms, p99Ms]}, null entries while a path does not report
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SeriesPoint(long atMs, double producedPerSec, Double hostCpuBusyPct, Map<String, double[]> paths) {
    static SeriesPoint of(LiveSnapshot s) {
        Map<String, double[]> paths = new java.util.LinkedHashMap<>();
        if (s.paths() != null) {
            s.paths().forEach((name, p) -> paths.put(name, p.reporting()
                    ? new double[] {p.completedPerSec(), p.p50Ms(), p.p99Ms()} : null));
        }
        return new SeriesPoint(s.atMs(), s.producedPerSec(), s.hostCpuBusyPct(), paths);
    }
}
