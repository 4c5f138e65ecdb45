package kafkasim.generator.plan;

import java.util.List;

/**
 * The producer worker manager's config file ({@code generator-config.json} in the run folder). The orchestrator
 * writes it from the scenario; the manager re-reads it every {@code --reload-sec} and on the IPC command
 * {@code reload}, so a user may edit it during a run (more devices, other rates, more workers).
 *
 * @param transport       where to publish
 * @param log             the Kafka topic every process's logger also publishes to, or null for files only
 * @param statsIntervalMs how often workers report counters and latency histograms, ms
 * @param workers         the worker processes and their devices
 */
public record GeneratorConfig(TransportConfig transport, LogTarget log, int statsIntervalMs,
                              List<WorkerSpec> workers) {
    public int deviceCount() {
        return workers.stream().mapToInt(WorkerSpec::deviceCount).sum();
    }

    public double ratePerSecTotal() {
        return workers.stream().flatMap(w -> w.devices().stream()).mapToDouble(DeviceRange::ratePerSecTotal).sum();
    }
}
