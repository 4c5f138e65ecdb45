package kafkasim.jobs.source.mqtt.enumerator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplit;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;

/** An enumerator context that records what was assigned to whom; readers register by {@link #register}. */
final class RecordingEnumeratorContext implements SplitEnumeratorContext<MqttTopicSplit> {
    private final int parallelism;
    private final Map<Integer, ReaderInfo> readers = new TreeMap<>();
    /** Every split ever assigned, per reader, in assignment order. */
    final Map<Integer, List<MqttTopicSplit>> assigned = new TreeMap<>();
    int noMoreSplitsSignals;

    RecordingEnumeratorContext(int parallelism) {
        this.parallelism = parallelism;
    }

    void register(int subtask) {
        readers.put(subtask, new ReaderInfo(subtask, "localhost"));
    }

    void unregister(int subtask) {
        readers.remove(subtask);
    }

    @Override
    public SplitEnumeratorMetricGroup metricGroup() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void sendEventToSourceReader(int subtaskId, SourceEvent event) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int currentParallelism() {
        return parallelism;
    }

    @Override
    public Map<Integer, ReaderInfo> registeredReaders() {
        return Map.copyOf(readers);
    }

    @Override
    public void assignSplits(SplitsAssignment<MqttTopicSplit> assignment) {
        assignment.assignment().forEach((reader, splits) -> {
            if (!readers.containsKey(reader)) {
                throw new IllegalStateException("reader " + reader + " is not registered");
            }
            assigned.computeIfAbsent(reader, k -> new ArrayList<>()).addAll(splits);
        });
    }

    @Override
    public void signalNoMoreSplits(int subtask) {
        noMoreSplitsSignals++;
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelay,
                              long period) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void runInCoordinatorThread(Runnable runnable) {
        runnable.run();
    }
}
