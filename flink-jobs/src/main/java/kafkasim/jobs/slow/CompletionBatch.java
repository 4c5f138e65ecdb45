package kafkasim.jobs.slow;

import java.nio.ByteBuffer;
import java.util.Arrays;
import kafkasim.jobs.common.TrackedEnvelope;
import kafkasim.jobs.common.metrics.SliceAccumulator;

/**
 * The messages one subtask passed to the FileSink between two checkpoint barriers: their sentAtUs (8 bytes each) and
 * the seq tracker's findings, filed under the checkpoint whose barrier closed the batch. Stored in operator state as
 * bytes: version 1, subtask, checkpointId, lost, duplicates, count, sentAtUs × count.
 */
final class CompletionBatch {
    static final byte VERSION = 1;
    private static final int HEADER_BYTES = 1 + 4 + 8 + 8 + 8 + 4;

    final int subtask;
    long checkpointId = -1;
    private long[] sentAtUs;
    private int size;
    private long lost;
    private long duplicates;

    CompletionBatch(int subtask) {
        this.subtask = subtask;
        this.sentAtUs = new long[256];
    }

    /** Files one message: a repeat counts as a duplicate only, so that received counts each message once. */
    void add(TrackedEnvelope t) {
        lost += t.lost();
        if (t.duplicate()) {
            duplicates++;
            return;
        }
        if (size == sentAtUs.length) {
            sentAtUs = Arrays.copyOf(sentAtUs, size * 2);
        }
        sentAtUs[size++] = t.envelope().sentAtUs();
    }

    int size() {
        return size;
    }

    /** Counts every message as completed at {@code completedAtUs}. */
    void countInto(SliceAccumulator slice, long completedAtUs) {
        for (int i = 0; i < size; i++) {
            slice.completed(completedAtUs - sentAtUs[i]);
        }
        slice.lost(lost);
        slice.duplicates(duplicates);
    }

    byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + 8 * size);
        b.put(VERSION).putInt(subtask).putLong(checkpointId).putLong(lost).putLong(duplicates).putInt(size);
        for (int i = 0; i < size; i++) {
            b.putLong(sentAtUs[i]);
        }
        return b.array();
    }

    static CompletionBatch fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte version = b.get();
        if (version != VERSION) {
            throw new IllegalStateException("completion batch of unknown version " + version);
        }
        CompletionBatch batch = new CompletionBatch(b.getInt());
        batch.checkpointId = b.getLong();
        batch.lost = b.getLong();
        batch.duplicates = b.getLong();
        batch.size = b.getInt();
        batch.sentAtUs = new long[Math.max(batch.size, 1)];
        for (int i = 0; i < batch.size; i++) {
            batch.sentAtUs[i] = b.getLong();
        }
        return batch;
    }
}
