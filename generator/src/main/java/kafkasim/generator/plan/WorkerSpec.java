package kafkasim.generator.plan;

import java.util.List;

/** What one worker process simulates: its id (stable across restarts) and its device ranges. */
public record WorkerSpec(int id, List<DeviceRange> devices) {
    public int deviceCount() {
        return devices.stream().mapToInt(DeviceRange::count).sum();
    }
}
