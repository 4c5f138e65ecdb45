package kafkasim.jobs.common.metrics;

import java.io.Serializable;
import java.util.List;

/** Creates a subtask's {@link PathMetrics} when its operator opens; {@link #KAFKA} in jobs, others in tests. */
@FunctionalInterface
public interface PathMetricsFactory extends Serializable {
    /** Publishes to the log topic of the settings, with a reporter thread ({@link PathMetrics#start}). */
    PathMetricsFactory KAFKA = PathMetrics::start;

    PathMetrics create(MetricsSettings settings, String path, int subtask, List<String> extraNames);
}
