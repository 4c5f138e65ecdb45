package kafkasim.jobs.source.mqtt.enumerator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the source's fixed splits to the readers: split {@code i} belongs to reader {@code i mod parallelism}
 * (deterministic, so a restarted job puts every subscription where it was). A split waits until its owner has
 * registered; a split given back by a failed reader ({@link #addSplitsBack}) goes to the same reader when it
 * registers again. Readers beyond the number of splits get nothing and stay idle. There is no discovery: the
 * topic filters are fixed when the source is built, so no reader is ever told there are no more splits.
 */
public final class MqttSplitEnumerator implements SplitEnumerator<MqttTopicSplit, MqttEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSplitEnumerator.class);

    private final SplitEnumeratorContext<MqttTopicSplit> context;
    /** Splits not assigned to any reader, by split id (sorted: assignments come in the same order every time). */
    private final Map<String, MqttTopicSplit> unassigned = new TreeMap<>();

    public MqttSplitEnumerator(SplitEnumeratorContext<MqttTopicSplit> context, Collection<MqttTopicSplit> unassigned) {
        this.context = context;
        add(unassigned);
    }

    @Override
    public void start() {
        assignToRegisteredOwners();
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // readers never request: splits are pushed to their owners
    }

    @Override
    public void addSplitsBack(List<MqttTopicSplit> splits, int subtaskId) {
        LOG.info("reader {} gave back splits {}", subtaskId, splits);
        add(splits);
        assignToRegisteredOwners();
    }

    @Override
    public void addReader(int subtaskId) {
        assignToRegisteredOwners();
    }

    @Override
    public MqttEnumeratorState snapshotState(long checkpointId) {
        return new MqttEnumeratorState(new ArrayList<>(unassigned.values()));
    }

    @Override
    public void close() {
        // nothing held
    }

    /** The reader that owns {@code split} at {@code parallelism}. */
    public static int owner(MqttTopicSplit split, int parallelism) {
        return split.index() % parallelism;
    }

    private void add(Collection<MqttTopicSplit> splits) {
        for (MqttTopicSplit split : splits) {
            unassigned.put(split.splitId(), split);
        }
    }

    private void assignToRegisteredOwners() {
        int parallelism = context.currentParallelism();
        Map<Integer, List<MqttTopicSplit>> assignment = new HashMap<>();
        for (Iterator<MqttTopicSplit> it = unassigned.values().iterator(); it.hasNext(); ) {
            MqttTopicSplit split = it.next();
            int owner = owner(split, parallelism);
            if (context.registeredReaders().containsKey(owner)) {
                assignment.computeIfAbsent(owner, k -> new ArrayList<>()).add(split);
                it.remove();
            }
        }
        if (!assignment.isEmpty()) {
            LOG.info("assigning {}", assignment);
            context.assignSplits(new SplitsAssignment<>(assignment));
        }
    }
}
