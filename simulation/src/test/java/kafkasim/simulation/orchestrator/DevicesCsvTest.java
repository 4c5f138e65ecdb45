package kafkasim.simulation.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kafkasim.generator.worker.DeviceStates.DeviceCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevicesCsvTest {
    @TempDir
    Path dir;

    @Test
    void failedSeqsAreWrittenAsRanges() throws Exception {
        List<DeviceCount> devices = List.of(new DeviceCount("camera-000000", 180, 20),
                new DeviceCount("camera-000001", 50, 0));
        long[] failed = new long[20];
        for (int i = 0; i < 19; i++) {
            failed[i] = 120 + i; // 120..138
        }
        failed[19] = 200;
        Path file = DevicesCsv.write(dir.resolve("devices.csv"), devices, Map.of("camera-000000", failed));
        assertEquals(List.of("deviceId,produced,sendErrors,failedSeqs", "camera-000000,180,20,120-138 200",
                "camera-000001,50,0,"), Files.readAllLines(file));
    }

    @Test
    void rangesJoinConsecutiveSeqsOnly() {
        assertEquals("", DevicesCsv.ranges(new long[0]));
        assertEquals("0", DevicesCsv.ranges(new long[] {0}));
        assertEquals("0-1 3 5-7", DevicesCsv.ranges(new long[] {0, 1, 3, 5, 6, 7}));
    }

    @Test
    void aMismatchBetweenListAndCounterIsAWarning() {
        List<DeviceCount> devices = List.of(new DeviceCount("camera-000000", 10, 2),
                new DeviceCount("camera-000001", 10, 1));
        assertTrue(DevicesCsv.countMismatch(devices, Map.of("camera-000000", new long[] {3, 4},
                "camera-000001", new long[] {9})).isEmpty());
        String warning = DevicesCsv.countMismatch(devices, Map.of("camera-000000", new long[] {3, 4, 12},
                "camera-000001", new long[] {9}, "camera-000002", new long[] {0})).orElseThrow();
        assertTrue(warning.startsWith("2 devices' failed seqs in devices.csv (4) disagree with their sendErrors (2)"),
                warning);
        assertTrue(warning.contains("camera-000000 lists 3 failed seqs, counted 2"), warning);
    }
}
