package kafkasim.generator.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceStateFileTest {
    @TempDir
    Path dir;

    @Test
    void countersPersistPerDeviceAcrossOpensAndGrowingRanges() throws Exception {
        try (DeviceStateFile s = DeviceStateFile.open(dir, "camera", 0, 3, Duration.ofSeconds(1))) {
            s.addAcked(0);
            s.addAcked(0);
            s.addFailed(2);
        }
        try (DeviceStateFile s = DeviceStateFile.open(dir, "camera", 2, 5, Duration.ofSeconds(1))) {
            assertEquals(1, s.completed(0), "device 2 kept its failed send");
            s.addAcked(4); // device 6
        }
        List<DeviceStates.DeviceCount> counts = DeviceStates.read(dir);
        assertEquals(List.of(new DeviceStates.DeviceCount("camera-000000", 2, 0),
                new DeviceStates.DeviceCount("camera-000002", 0, 1),
                new DeviceStates.DeviceCount("camera-000006", 1, 0)), counts);
    }
}
