package kafkasim.simulation.dashboard;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * {@code /metrics}: the dashboard's figures in Prometheus' text format, read from the latest {@link LiveSnapshot}
 * at scrape time (callbacks: nothing is counted twice, and a scrape costs the run nothing until it happens). Names
 * follow Prometheus' conventions: base units ({@code _seconds}, {@code _bytes}, {@code _ratio}), counters end in
 * {@code _total}.
 */
public final class DashboardMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final LiveFeed feed;

    public DashboardMetrics(LiveFeed feed) {
        this.feed = feed;
        counter("kafkasim_produced_messages", "Messages the devices' broker acknowledged.", LiveSnapshot::produced);
        counter("kafkasim_send_errors", "Messages whose send failed after the producer's retries.",
                LiveSnapshot::sendErrors);
        gauge("kafkasim_produced_messages_per_second", "Messages acknowledged in the last second.",
                LiveSnapshot::producedPerSec);
        gauge("kafkasim_ack_latency_p99_seconds", "p99 of broker acknowledgement minus scheduled send time, last"
                + " second.", s -> s.ackP99Ms() / 1000);
        gauge("kafkasim_send_lag_p99_seconds", "p99 of actual minus scheduled send time, last second.",
                s -> s.sendLagP99Ms() / 1000);
        gauge("kafkasim_workers_running", "Producer worker processes running.", s -> s.workersRunning());
        gauge("kafkasim_devices", "Simulated devices.", s -> s.devices());
        gauge("kafkasim_paused", "1 while generation is paused.", s -> s.paused() ? 1 : 0);
        gauge("kafkasim_elapsed_seconds", "Seconds since the run's clock started.", s -> s.elapsedSec());
        gauge("kafkasim_host_cpu_busy_ratio", "Host CPU busy over all cores, last second (0..1).",
                s -> s.hostCpuBusyPct() == null ? Double.NaN : s.hostCpuBusyPct() / 100);
        CounterWithCallback.builder().name("kafkasim_markers").help("Faults and actions so far, by kind.")
                .labelNames("kind").callback(cb -> {
                    LiveSnapshot s = feed.latest();
                    if (s != null) {
                        cb.call(s.markers().stream().filter(m -> m.kind().equals("fault")).count(), "fault");
                        cb.call(s.markers().stream().filter(m -> m.kind().equals("action")).count(), "action");
                    }
                }).register(registry);
        pathCounter("kafkasim_path_completed_messages", "Messages a consumer path completed.",
                LiveSnapshot.PathLive::received);
        pathCounter("kafkasim_path_lost_messages", "Seq gaps a consumer path found.", LiveSnapshot.PathLive::lost);
        pathCounter("kafkasim_path_duplicate_messages", "Messages a consumer path completed again.",
                LiveSnapshot.PathLive::duplicates);
        pathGauge("kafkasim_path_completed_messages_per_second", "Completed per second over the latest reported"
                + " seconds.", LiveSnapshot.PathLive::completedPerSec);
        pathGauge("kafkasim_path_not_completed_messages", "Acknowledged but not completed yet (in flight or"
                + " backlog, not lost).", p -> p.notCompleted());
        GaugeWithCallback.builder().name("kafkasim_path_consumer_lag_messages")
                .help("Kafka runs: telemetry end offsets minus the path's committed offsets (committed per checkpoint).")
                .labelNames("path").callback(cb -> {
                    LiveSnapshot s = feed.latest();
                    if (s != null && s.paths() != null) {
                        s.paths().forEach((path, p) -> {
                            if (p.consumerLag() != null) {
                                cb.call(p.consumerLag(), path);
                            }
                        });
                    }
                }).register(registry);
        pathGauge("kafkasim_path_latency_p50_seconds", "End-to-end latency p50 (scheduled send to completed).",
                p -> p.p50Ms() / 1000);
        pathGauge("kafkasim_path_latency_p99_seconds", "End-to-end latency p99 (scheduled send to completed).",
                p -> p.p99Ms() / 1000);
        GaugeWithCallback.builder().name("kafkasim_process_cpu_ratio")
                .help("CPU of one process over the last second, in cores (1 = one core busy).")
                .labelNames("name", "role").callback(cb -> {
                    LiveSnapshot s = feed.latest();
                    if (s != null) {
                        s.processes().stream().filter(p -> p.cpuPct() != null)
                                .forEach(p -> cb.call(p.cpuPct() / 100, p.name(), p.role()));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("kafkasim_process_resident_memory_bytes")
                .help("Resident memory of one process.").labelNames("name", "role").callback(cb -> {
                    LiveSnapshot s = feed.latest();
                    if (s != null) {
                        s.processes().forEach(p -> cb.call(p.rssMb() * 1024.0 * 1024.0, p.name(), p.role()));
                    }
                }).register(registry);
    }

    public String contentType() {
        return writer.getContentType();
    }

    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    private void counter(String name, String help, Function<LiveSnapshot, Long> value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> {
            LiveSnapshot s = feed.latest();
            if (s != null) {
                cb.call(value.apply(s));
            }
        }).register(registry);
    }

    private void gauge(String name, String help, Function<LiveSnapshot, Number> value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> {
            LiveSnapshot s = feed.latest();
            if (s != null) {
                cb.call(value.apply(s).doubleValue());
            }
        }).register(registry);
    }

    private void pathCounter(String name, String help, Function<LiveSnapshot.PathLive, Long> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("path").callback(cb -> {
            LiveSnapshot s = feed.latest();
            if (s != null && s.paths() != null) {
                s.paths().forEach((path, p) -> cb.call(value.apply(p), path));
            }
        }).register(registry);
    }

    private void pathGauge(String name, String help, Function<LiveSnapshot.PathLive, Number> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("path").callback(cb -> {
            LiveSnapshot s = feed.latest();
            if (s != null && s.paths() != null) {
                s.paths().forEach((path, p) -> cb.call(value.apply(p).doubleValue(), path));
            }
        }).register(registry);
    }
}
