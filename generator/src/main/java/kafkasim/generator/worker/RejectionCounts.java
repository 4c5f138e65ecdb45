package kafkasim.generator.worker;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import kafkasim.common.security.Rejection;

/**
 * How many of a device type's sends the broker refused, per {@link Rejection}: {@code state/<type>.rejected}, one
 * 8-byte counter per reason, memory-mapped by every worker of the type and added to atomically (a locked add on
 * shared memory), so the counts survive a {@code kill -9} and add up across workers like the state file's.
 */
final class RejectionCounts implements AutoCloseable {
    static final String SUFFIX = ".rejected";
    private static final int BYTES = Rejection.values().length * 8;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final FileChannel channel;
    private final MappedByteBuffer counters;

    private RejectionCounts(FileChannel channel, MappedByteBuffer counters) {
        this.channel = channel;
        this.counters = counters;
    }

    static RejectionCounts open(Path stateDir, String type) throws IOException {
        FileChannel channel = FileChannel.open(stateDir.resolve(type + SUFFIX), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            return new RejectionCounts(channel, channel.map(FileChannel.MapMode.READ_WRITE, 0, BYTES));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    void add(Rejection reason) {
        LONGS.getAndAdd(counters, reason.ordinal() * 8, 1L);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Device type → its refused sends per reason; types without any refusal are absent. */
    static Map<String, Map<Rejection, Long>> read(Path stateDir) throws IOException {
        Map<String, Map<Rejection, Long>> result = new TreeMap<>();
        if (!Files.isDirectory(stateDir)) {
            return result;
        }
        try (Stream<Path> files = Files.list(stateDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(f);
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                Map<Rejection, Long> counts = new EnumMap<>(Rejection.class);
                for (Rejection r : Rejection.values()) {
                    long n = bytes.length >= (r.ordinal() + 1) * 8 ? b.getLong(r.ordinal() * 8) : 0;
                    if (n > 0) {
                        counts.put(r, n);
                    }
                }
                if (!counts.isEmpty()) {
                    String name = f.getFileName().toString();
                    result.put(name.substring(0, name.length() - SUFFIX.length()), counts);
                }
            }
        }
        return result;
    }
}
