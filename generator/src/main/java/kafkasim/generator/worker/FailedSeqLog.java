package kafkasim.generator.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Which seqs of a device type failed to send: {@code state/<type>.failed}, an append-only file of fixed-size
 * little-endian records (int device index within the type, long seq). The state file only counts failures; this
 * log says which ones, so a lost message can be told apart: acknowledged but never consumed, or never accepted.
 * <p>Each failure is one {@code write} system call on a channel opened with {@code APPEND} ({@code O_APPEND}), with
 * no user-space buffer: the record is in the OS page cache when {@link #record} returns, so it survives a
 * {@code kill -9} of the worker, and appends of several workers (disjoint devices of the same type) never
 * overwrite each other. Thread-safe: {@link FileChannel} serialises writes, and each call uses its own buffer.
 * Failures are rare, so the 12-byte buffer per failure is the only cost; the success path never touches this.
 */
public final class FailedSeqLog implements AutoCloseable {
    /** Bytes per record: int device index within the type, long seq. */
    static final int RECORD_BYTES = Integer.BYTES + Long.BYTES;
    static final String SUFFIX = ".failed";

    private final Path file;
    private final FileChannel channel;

    private FailedSeqLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    public static Path fileFor(Path stateDir, String type) {
        return stateDir.resolve(type + SUFFIX);
    }

    /** Opens (creating if needed) the failed-seq log of {@code type}; what is already in it stays. */
    public static FailedSeqLog open(Path stateDir, String type) throws IOException {
        Path file = fileFor(stateDir, type);
        return new FailedSeqLog(file, openAppend(file));
    }

    private static FileChannel openAppend(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    /**
     * Appends that seq {@code seq} of device {@code deviceIndexInType} failed. Called from the transport's
     * completion threads. A failure that completes after {@link #close} (a send still in flight when the worker
     * took new device ranges) is appended through a channel of its own, so it is not lost.
     */
    public void record(int deviceIndexInType, long seq) throws IOException {
        ByteBuffer rec = ByteBuffer.allocate(RECORD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        rec.putInt(deviceIndexInType).putLong(seq).flip();
        try {
            appendOnce(channel, rec);
        } catch (ClosedChannelException closed) {
            // also AsynchronousCloseException: thrown only when nothing was written, so appending again is safe
            rec.rewind();
            try (FileChannel late = openAppend(file)) {
                appendOnce(late, rec);
            }
        }
    }

    /**
     * One write, never a second one for the rest: a continued record could land after another process's
     * append and shift every later record. A short write of a local file only happens when the disk is full.
     */
    private static void appendOnce(FileChannel ch, ByteBuffer rec) throws IOException {
        int written = ch.write(rec);
        if (written != RECORD_BYTES) {
            throw new IOException("short write of a failed-seq record: " + written + " of " + RECORD_BYTES
                    + " bytes (disk full?)");
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
