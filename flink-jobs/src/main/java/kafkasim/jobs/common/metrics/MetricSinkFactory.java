package kafkasim.jobs.common.metrics;

import java.io.Serializable;
import kafkasim.logtopic.LogTopicPublisher;

/** Creates a subtask's {@link MetricRecordSink} when its operator starts; {@link #KAFKA} in jobs, others in tests. */
@FunctionalInterface
public interface MetricSinkFactory extends Serializable {
    /** Publishes to the log topic of the settings (a producer that cannot be created fails the operator). */
    MetricSinkFactory KAFKA = (settings, process) ->
            new LogTopicSink(LogTopicPublisher.open(LogTopicSink.settings(settings, process)));

    /** @param process the subtask's process name, flink-PATH-SUBTASK (the producer's client id) */
    MetricRecordSink create(MetricsSettings settings, String process);
}
