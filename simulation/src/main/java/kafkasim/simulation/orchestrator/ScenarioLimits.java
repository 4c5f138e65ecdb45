package kafkasim.simulation.orchestrator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import kafkasim.common.scenario.PathSettings;
import kafkasim.common.scenario.Scenario;

/**
 * Limits a scenario sets itself, known before anything runs: a backlog they cause is the scenario's choice, not the
 * architecture's, and the run says so up front and in {@code warnings}.
 */
public final class ScenarioLimits {
    private ScenarioLimits() {
    }

    /**
     * Messages per second the simulated ML model can serve: every subtask spends {@code serviceTimeUs × timeScale}
     * per message, one message at a time; unbounded when the service time is 0.
     */
    static double fastPathCeilingPerSec(Scenario s) {
        PathSettings.Fast fast = s.paths().fast();
        double serviceUs = fast.serviceTimeUs() * s.timeScale();
        return serviceUs <= 0 ? Double.POSITIVE_INFINITY : fast.parallelism() * 1e6 / serviceUs;
    }

    /** The warning when the scenario schedules more than the simulated model can serve. */
    static Optional<String> fastPathOverloaded(Scenario s) {
        double ceiling = fastPathCeilingPerSec(s);
        double rate = s.totalRatePerSec();
        if (rate <= ceiling) {
            return Optional.empty();
        }
        PathSettings.Fast fast = s.paths().fast();
        return Optional.of(String.format("the simulated ML model serves at most %,.0f msg/s (paths.fast.parallelism %d"
                        + " x 1e6 / (serviceTimeUs %d x timeScale %s)) and the scenario schedules %,.0f msg/s: the fast"
                        + " path falls behind by the scenario's choice, not the architecture's", ceiling,
                fast.parallelism(), fast.serviceTimeUs(), s.timeScale(), rate));
    }

    /** Files a process may keep open besides the device connections (its jars, logs, persistence, sockets). */
    static final long FILES_BESIDE_CONNECTIONS = 1024;

    /**
     * The warning when an embedded MQTT broker cannot hold the scenario's device connections: each is a file
     * descriptor of the broker process, which inherits this process's {@code ulimit -n}.
     */
    public static Optional<String> mqttConnectionsOverFileLimit(Scenario s, long maxOpenFiles) {
        long devices = s.devices().stream().mapToLong(d -> d.count()).sum();
        if (!Scenario.BROKER_MQTT.equals(s.broker()) || devices + FILES_BESIDE_CONNECTIONS <= maxOpenFiles) {
            return Optional.empty();
        }
        return Optional.of(String.format("the scenario has %,d MQTT devices, one connection each, and a process on this"
                + " machine may open at most %,d files (ulimit -n): the embedded broker cannot hold them all, and the"
                + " devices it refuses fail to connect; raise the limit (docs/mqtt.md, \"How many devices\")", devices,
                maxOpenFiles));
    }

    /** This process's soft limit of open files ({@code /proc/self/limits}), or {@link Long#MAX_VALUE} if unknown. */
    public static long maxOpenFiles() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no warning
        }
        return Long.MAX_VALUE;
    }
}
