package kafkasim.generator.worker;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Per-device delivery counters that survive a {@code kill -9}: {@code state/<type>.state} holds one 16-byte
 * slot per device index (acked, failed). A worker memory-maps its devices' slots, so every acknowledgement is
 * a plain memory write that the OS keeps even if the process dies the next instant; a restarted worker resumes
 * each device at {@code seq = acked + failed}, so seqs neither repeat nor skip. The worker also holds an OS
 * lock on its byte range: a successor waits until the previous owner is really gone (released at process
 * death), so two processes never send the same device.
 */
public final class DeviceStateFile implements AutoCloseable {
    static final int SLOT_BYTES = 16;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOCK_POLL_MS = 50;

    private final FileChannel channel;
    private final FileLock lock;
    private final MappedByteBuffer slots;
    private final int firstIndex;
    private final int count;

    private DeviceStateFile(FileChannel channel, FileLock lock, MappedByteBuffer slots, int firstIndex, int count) {
        this.channel = channel;
        this.lock = lock;
        this.slots = slots;
        this.firstIndex = firstIndex;
        this.count = count;
    }

    public static Path fileFor(Path stateDir, String type) {
        return stateDir.resolve(type + ".state");
    }

    /**
     * Opens the slots of devices {@code firstIndex..firstIndex+count-1} of {@code type}, waiting up to
     * {@code lockWait} for a previous owner to let go.
     */
    public static DeviceStateFile open(Path stateDir, String type, int firstIndex, int count, Duration lockWait)
            throws IOException, TimeoutException {
        FileChannel channel = FileChannel.open(fileFor(stateDir, type), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long position = (long) firstIndex * SLOT_BYTES;
            long size = (long) count * SLOT_BYTES;
            FileLock lock = lockRange(channel, position, size, lockWait, type, firstIndex, count);
            if (channel.size() < position + size) {
                // grow by writing our own last byte (zero): never truncates another worker's slots
                channel.write(ByteBuffer.allocate(1), position + size - 1);
            }
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, position, size);
            return new DeviceStateFile(channel, lock, map, firstIndex, count);
        } catch (IOException | TimeoutException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static FileLock lockRange(FileChannel channel, long position, long size, Duration wait, String type,
                                      int first, int count) throws IOException, TimeoutException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            FileLock lock = channel.tryLock(position, size, false);
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("devices " + type + " " + first + ".." + (first + count - 1)
                        + " are still held by another process after " + wait.toSeconds() + " s");
            }
            try {
                Thread.sleep(LOCK_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the device lock", e);
            }
        }
    }

    public int firstIndex() {
        return firstIndex;
    }

    public int count() {
        return count;
    }

    public long acked(int offset) {
        return (long) LONGS.getVolatile(slots, offset * SLOT_BYTES);
    }

    public long failed(int offset) {
        return (long) LONGS.getVolatile(slots, offset * SLOT_BYTES + 8);
    }

    /** The next seq to send for this device: every seq below it was acknowledged or failed. */
    public long completed(int offset) {
        return acked(offset) + failed(offset);
    }

    /** Called from the producer's I/O thread; atomic because a failed send may also be counted by the sender. */
    public void addAcked(int offset) {
        LONGS.getAndAdd(slots, offset * SLOT_BYTES, 1L);
    }

    public void addFailed(int offset) {
        LONGS.getAndAdd(slots, offset * SLOT_BYTES + 8, 1L);
    }

    /** Releases the lock; the mapping stays valid for late acknowledgements until it is garbage collected. */
    @Override
    public void close() throws IOException {
        if (lock.isValid()) {
            lock.release();
        }
        channel.close();
    }
}
