package kafkasim.simulation.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A made-up second of a run, for the dashboard's tests. */
final class Snapshots {
    private Snapshots() {
    }

    static LiveSnapshot at(long atMs, double producedPerSec, long produced) {
        Map<String, LiveSnapshot.PathLive> paths = new LinkedHashMap<>();
        paths.put("fast", new LiveSnapshot.PathLive(true, 99.5, 12.5, 40.0, produced - 10, 0, 0, 10, 25L));
        paths.put("medium", new LiveSnapshot.PathLive(true, 98.0, 250.0, 700.0, produced - 300, 0, 1, 299, null));
        paths.put("slow", new LiveSnapshot.PathLive(false, 0, 0, 0, 0, 0, 0, produced, null));
        return new LiveSnapshot(atMs, 12, "run-1", "light", "kafka", "running", false, 63.5, producedPerSec,
                produced, 2, 1, 20, 3.5, 1.2, List.of(new LiveSnapshot.GroupLive("temperature", 20, 5.0)), paths,
                List.of(new LiveSnapshot.ProcessLive("worker 0", "workers", 4711, "running", 12.5, 150, 1),
                        new LiveSnapshot.ProcessLive("kafka", "kafka", 4700, "running", null, 400, null)),
                "", List.of(new LiveSnapshot.Marker(atMs - 1000, "action", "scale type=temperature count=20"),
                        new LiveSnapshot.Marker(atMs - 500, "fault", "kill-worker 0")),
                List.of("a warning"), List.of("a line"), "http://127.0.0.1:8081");
    }
}
