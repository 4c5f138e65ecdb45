package kafkasim.jobs.report;

import kafkasim.common.metrics.MetricRecordDedupe;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathMetricRecord;
import kafkasim.jobs.common.JdbcDrivers;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by a record's stream (run, path, subtask): accepts a metric record only if its checkpoint id is greater than
 * the last accepted one ({@link MetricRecordDedupe#isNew}, the rule every reader applies; the last id lives in keyed
 * state, checkpointed with the source offsets), and emits its slices one by one as {@link MetricSecond}s. A record a
 * restored path job published again is dropped and counted (Flink metric {@value #REPUBLISHED_METRIC}).
 */
public final class MetricDedupe extends KeyedProcessFunction<String, PathMetricRecord, MetricSecond> {
    /** Name of the counter metric of dropped (republished) records. */
    public static final String REPUBLISHED_METRIC = "republishedMetricRecords";
    private static final long serialVersionUID = 1L;

    private transient ValueState<Long> lastCheckpointId;
    private transient Counter republished;

    @Override
    public void open(OpenContext openContext) {
        lastCheckpointId = getRuntimeContext().getState(new ValueStateDescriptor<>("last-checkpoint-id", Types.LONG));
        republished = getRuntimeContext().getMetricGroup().counter(REPUBLISHED_METRIC);
        // the job's JDBC sinks register the PostgreSQL driver; release it with the job (any operator may ask)
        JdbcDrivers.deregisterOnRelease(getRuntimeContext());
    }

    @Override
    public void processElement(PathMetricRecord r, Context ctx, Collector<MetricSecond> out) throws Exception {
        if (!MetricRecordDedupe.isNew(r.checkpointId(), lastCheckpointId.value())) {
            republished.inc();
            return;
        }
        lastCheckpointId.update(r.checkpointId());
        for (MetricSlice s : r.slices()) {
            out.collect(new MetricSecond(r.path(), r.subtask(), s));
        }
    }
}
