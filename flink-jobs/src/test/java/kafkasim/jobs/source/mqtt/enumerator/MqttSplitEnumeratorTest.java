package kafkasim.jobs.source.mqtt.enumerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplit;
import org.junit.jupiter.api.Test;

class MqttSplitEnumeratorTest {
    private static final MqttTopicSplit A = MqttTopicSplit.of(0, "devices/a/+/telemetry");
    private static final MqttTopicSplit B = MqttTopicSplit.of(1, "devices/b/+/telemetry");
    private static final MqttTopicSplit C = MqttTopicSplit.of(2, "devices/c/+/telemetry");

    @Test
    void assignsSplitIToReaderIModParallelismAsReadersRegister() throws Exception {
        RecordingEnumeratorContext context = new RecordingEnumeratorContext(2);
        MqttSplitEnumerator enumerator = new MqttSplitEnumerator(context, List.of(C, A, B));
        enumerator.start();
        assertTrue(context.assigned.isEmpty(), "no reader registered yet");
        assertEquals(List.of(A, B, C), enumerator.snapshotState(1).unassignedSplits());

        context.register(1);
        enumerator.addReader(1);
        assertEquals(Map.of(1, List.of(B)), context.assigned);
        assertEquals(List.of(A, C), enumerator.snapshotState(2).unassignedSplits());

        context.register(0);
        enumerator.addReader(0);
        assertEquals(Map.of(0, List.of(A, C), 1, List.of(B)), context.assigned);
        assertEquals(List.of(), enumerator.snapshotState(3).unassignedSplits());
        assertEquals(0, context.noMoreSplitsSignals, "unbounded: never signals the end");
    }

    @Test
    void readersBeyondTheSplitsStayIdle() {
        RecordingEnumeratorContext context = new RecordingEnumeratorContext(4);
        MqttSplitEnumerator enumerator = new MqttSplitEnumerator(context, List.of(A, B));
        for (int reader = 0; reader < 4; reader++) {
            context.register(reader);
            enumerator.addReader(reader);
        }
        assertEquals(Map.of(0, List.of(A), 1, List.of(B)), context.assigned);
    }

    @Test
    void splitsGivenBackGoToTheSameReaderWhenItRegistersAgain() throws Exception {
        RecordingEnumeratorContext context = new RecordingEnumeratorContext(2);
        MqttSplitEnumerator enumerator = new MqttSplitEnumerator(context, List.of(A, B, C));
        context.register(0);
        context.register(1);
        enumerator.start();
        assertEquals(Map.of(0, List.of(A, C), 1, List.of(B)), context.assigned);

        context.unregister(0); // reader 0 failed: Flink gives its splits back before it registers again
        enumerator.addSplitsBack(List.of(A, C), 0);
        assertEquals(List.of(A, C), enumerator.snapshotState(4).unassignedSplits(), "kept until reader 0 is back");
        context.register(0);
        enumerator.addReader(0);
        assertEquals(Map.of(0, List.of(A, C, A, C), 1, List.of(B)), context.assigned);
        assertEquals(List.of(), enumerator.snapshotState(5).unassignedSplits());
    }

    @Test
    void aRestoredEnumeratorAssignsOnlyWhatWasUnassigned() {
        RecordingEnumeratorContext context = new RecordingEnumeratorContext(2);
        context.register(0);
        context.register(1);
        MqttSplitEnumerator restored = new MqttSplitEnumerator(context,
                new MqttEnumeratorState(List.of(B)).unassignedSplits());
        restored.start();
        assertEquals(Map.of(1, List.of(B)), context.assigned);
    }
}
