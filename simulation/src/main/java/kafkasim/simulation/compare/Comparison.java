package kafkasim.simulation.compare;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import kafkasim.common.scenario.BrokerKind;
import kafkasim.simulation.architecture.Architecture;
import kafkasim.simulation.host.HostMonitor;
import kafkasim.simulation.host.HostUsage;
import kafkasim.simulation.orchestrator.RunSummary;
import kafkasim.simulation.report.PathSummary;

/**
 * {@code comparison.json}: both architectures' summaries of one scenario, and the ratios MQTT ÷ Kafka of the
 * figures that have one (null where Kafka's figure is 0 or a figure is missing). Lost, duplicates and backlog are
 * compared side by side in {@code comparison.md}, not as ratios: their good value is 0.
 */
@JsonPropertyOrder({"scenario", "kafka", "mqtt", "ratios"})
public record Comparison(String scenario, RunSummary kafka, RunSummary mqtt, Ratios ratios) {

    /**
     * @param paths           per path: throughput and latency percentiles, MQTT ÷ Kafka
     * @param brokerCpuSec    CPU seconds of the architecture's broker over its run
     * @param brokerPeakRssMb peak resident memory of the architecture's broker
     * @param workersCpuSec   CPU seconds of the generator's workers (the devices' side of the transport)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Ratios(Map<String, PathRatios> paths, Double brokerCpuSec, Double brokerPeakRssMb,
                         Double workersCpuSec) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PathRatios(Double ratePerSec, Double p50, Double p99, Double p999) {
    }

    public static Comparison of(String scenario, RunSummary kafka, RunSummary mqtt) {
        Map<String, PathRatios> paths = new LinkedHashMap<>();
        if (kafka.paths() != null && mqtt.paths() != null) {
            kafka.paths().forEach((path, k) -> {
                PathSummary m = mqtt.paths().get(path);
                if (m != null) {
                    paths.put(path, new PathRatios(ratio(m.ratePerSec(), k.ratePerSec()),
                            ratio(m.latencyMs().p50(), k.latencyMs().p50()),
                            ratio(m.latencyMs().p99(), k.latencyMs().p99()),
                            ratio(m.latencyMs().p999(), k.latencyMs().p999())));
                }
            });
        }
        HostUsage.RoleUsage kb = brokerOf(kafka);
        HostUsage.RoleUsage mb = brokerOf(mqtt);
        HostUsage.RoleUsage kw = role(kafka, HostMonitor.WORKERS);
        HostUsage.RoleUsage mw = role(mqtt, HostMonitor.WORKERS);
        return new Comparison(scenario, kafka, mqtt, new Ratios(paths,
                kb == null || mb == null ? null : ratio(mb.cpuSec(), kb.cpuSec()),
                kb == null || mb == null ? null : ratio(mb.peakRssMb(), kb.peakRssMb()),
                kw == null || mw == null ? null : ratio(mw.cpuSec(), kw.cpuSec())));
    }

    /** The broker the devices publish to: Kafka's in a Kafka run, the MQTT broker's in an MQTT run. */
    static HostUsage.RoleUsage brokerOf(RunSummary s) {
        return role(s, Architecture.of(BrokerKind.of(s.broker())).brokerRole());
    }

    static HostUsage.RoleUsage role(RunSummary s, String role) {
        return s.host() == null ? null : s.host().processes().get(role);
    }

    static Double ratio(double mqtt, double kafka) {
        return kafka == 0 ? null : Math.round(mqtt / kafka * 100) / 100.0;
    }
}
