package kafkasim.jobs.source.mqtt.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MqttPendingAcksTest {
    private final PendingAcks pending = new PendingAcks();
    /** Acknowledged message numbers, in acknowledgement order. */
    private final List<Integer> acked = new ArrayList<>();

    private void emit(int... messages) {
        for (int m : messages) {
            pending.add(() -> acked.add(m));
        }
    }

    @Test
    void acknowledgesAMessageOnlyWhenTheCheckpointAfterItCompletes() {
        emit(1, 2);
        assertEquals(0, pending.acknowledgeUpTo(100), "not snapshotted yet: no checkpoint covers them");
        pending.snapshot(5);
        emit(3);
        assertEquals(3, pending.pending());

        assertEquals(0, pending.acknowledgeUpTo(4));
        assertEquals(2, pending.acknowledgeUpTo(5));
        assertEquals(List.of(1, 2), acked);
        assertEquals(1, pending.pending(), "3 came after the barrier of 5");

        pending.snapshot(6);
        assertEquals(1, pending.acknowledgeUpTo(6));
        assertEquals(List.of(1, 2, 3), acked);
        assertEquals(0, pending.pending());
    }

    @Test
    void aCompletedCheckpointAcknowledgesEarlierOnesInOrderAndNothingTwice() {
        emit(1);
        pending.snapshot(1);
        emit(2, 3);
        pending.snapshot(2); // aborted: never notified
        pending.snapshot(3); // nothing emitted in between
        emit(4);
        pending.snapshot(4);
        emit(5);

        assertEquals(4, pending.acknowledgeUpTo(4));
        assertEquals(List.of(1, 2, 3, 4), acked);
        assertEquals(0, pending.acknowledgeUpTo(4), "a repeated notification");
        assertEquals(0, pending.acknowledgeUpTo(2), "a late notification of an earlier checkpoint");
        assertEquals(List.of(1, 2, 3, 4), acked);
        assertEquals(1, pending.pending());
    }

    @Test
    void checkpointIdsMustGrow() {
        pending.snapshot(3);
        assertThrows(IllegalStateException.class, () -> pending.snapshot(3));
        assertThrows(IllegalStateException.class, () -> pending.snapshot(2));
    }

    @Test
    void aClosedReaderAcknowledgesNothingItOwes() {
        emit(1, 2);
        pending.snapshot(1);
        emit(3);
        assertEquals(3, pending.discard(), "the broker redelivers these to the next reader");
        assertEquals(0, pending.pending());
        assertEquals(0, pending.acknowledgeUpTo(Long.MAX_VALUE));
        assertEquals(List.of(), acked);
    }

    @Test
    void aRestoredReaderStartsEmpty() {
        PendingAcks restored = new PendingAcks();
        restored.snapshot(8); // the first checkpoint after restoring from 7
        assertEquals(0, restored.acknowledgeUpTo(8));
        assertEquals(0, restored.pending());
    }
}
