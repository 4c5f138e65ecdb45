package kafkasim.generator.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import kafkasim.common.envelope.Envelope;

/** Reads every device's final counters from a run's state folder (after the workers are gone). */
public final class DeviceStates {
    /** One device's delivery counters: {@code acked} records are in the topic with seq 0..acked+failed-1. */
    public record DeviceCount(String deviceId, long acked, long failed) {
    }

    private DeviceStates() {
    }

    /** Devices that sent at least one message, ordered by type then index. */
    public static List<DeviceCount> read(Path stateDir) throws IOException {
        List<DeviceCount> result = new ArrayList<>();
        if (!Files.isDirectory(stateDir)) {
            return result;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(stateDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".state")).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            String type = name.substring(0, name.length() - ".state".length());
            ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; (i + 1) * DeviceStateFile.SLOT_BYTES <= buf.limit(); i++) {
                long acked = buf.getLong(i * DeviceStateFile.SLOT_BYTES);
                long failed = buf.getLong(i * DeviceStateFile.SLOT_BYTES + 8);
                if (acked + failed > 0) {
                    result.add(new DeviceCount(Envelope.deviceId(type, i), acked, failed));
                }
            }
        }
        return result;
    }
}
