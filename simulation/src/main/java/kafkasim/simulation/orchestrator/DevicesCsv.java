package kafkasim.simulation.orchestrator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kafkasim.generator.worker.DeviceStates.DeviceCount;

/** {@code devices.csv}: {@code deviceId,produced,sendErrors}; device seqs run 0..produced+sendErrors-1. */
final class DevicesCsv {
    private DevicesCsv() {
    }

    static Path write(Path file, List<DeviceCount> devices) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("deviceId,produced,sendErrors\n");
            for (DeviceCount d : devices) {
                w.write(d.deviceId() + "," + d.acked() + "," + d.failed() + "\n");
            }
        }
        return file;
    }
}
