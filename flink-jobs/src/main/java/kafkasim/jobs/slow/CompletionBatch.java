package kafkasim.jobs.slow;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kafkasim.common.metrics.SeqRange;
import kafkasim.jobs.common.TrackedEnvelope;
import kafkasim.jobs.common.metrics.SliceAccumulator;

/**
 * The messages one subtask passed to the FileSink between two checkpoint barriers: their sentAtUs (8 bytes each) and
 * the seq tracker's findings, filed under the checkpoint whose barrier closed the batch. Stored in operator state as
 * bytes: version 2, subtask, checkpointId, lost, duplicates, count, sentAtUs × count, then the gaps (count, then
 * deviceId, fromSeq, toSeq each) and the late arrivals (count, then deviceId, seq each).
 */
final class CompletionBatch {
    static final byte VERSION = 2;
    private static final int HEADER_BYTES = 1 + 4 + 8 + 8 + 8 + 4;

    final int subtask;
    long checkpointId = -1;
    private long[] sentAtUs;
    private int size;
    private long lost;
    private long duplicates;
    private final List<SeqRange> gaps = new ArrayList<>();
    private final List<SeqRange> filled = new ArrayList<>();

    CompletionBatch(int subtask) {
        this.subtask = subtask;
        this.sentAtUs = new long[256];
    }

    /** Files one message: a repeat counts as a duplicate only, so that received counts each message once. */
    void add(TrackedEnvelope t) {
        if (t.lost() > 0) {
            gaps.add(new SeqRange(t.envelope().deviceId(), t.envelope().seq() - t.lost(), t.envelope().seq() - 1));
            lost += t.lost();
        }
        if (t.filled()) {
            filled.add(SeqRange.of(t.envelope().deviceId(), t.envelope().seq()));
        }
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
        for (SeqRange gap : gaps) {
            slice.gap(gap.deviceId(), gap.fromSeq(), gap.toSeq());
        }
        for (SeqRange fill : filled) {
            slice.filled(fill.deviceId(), fill.fromSeq());
        }
        slice.duplicates(duplicates);
    }

    byte[] toBytes() {
        int rangeBytes = 8;
        for (SeqRange r : gaps) {
            rangeBytes += 2 + r.deviceId().length() * 3 + 16;
        }
        for (SeqRange r : filled) {
            rangeBytes += 2 + r.deviceId().length() * 3 + 8;
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + 8 * size + rangeBytes);
        b.put(VERSION).putInt(subtask).putLong(checkpointId).putLong(lost).putLong(duplicates).putInt(size);
        for (int i = 0; i < size; i++) {
            b.putLong(sentAtUs[i]);
        }
        b.putInt(gaps.size());
        for (SeqRange r : gaps) {
            putString(b, r.deviceId());
            b.putLong(r.fromSeq()).putLong(r.toSeq());
        }
        b.putInt(filled.size());
        for (SeqRange r : filled) {
            putString(b, r.deviceId());
            b.putLong(r.fromSeq());
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        b.putShort((short) utf8.length).put(utf8);
    }

    private static String getString(ByteBuffer b) {
        byte[] utf8 = new byte[b.getShort()];
        b.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
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
        for (int i = b.getInt(); i > 0; i--) {
            batch.gaps.add(new SeqRange(getString(b), b.getLong(), b.getLong()));
        }
        for (int i = b.getInt(); i > 0; i--) {
            batch.filled.add(SeqRange.of(getString(b), b.getLong()));
        }
        return batch;
    }
}
