package kafkasim.simulation.compare;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import kafkasim.simulation.host.HostMonitor;
import kafkasim.simulation.host.HostUsage;
import kafkasim.simulation.orchestrator.RunSummary;
import kafkasim.simulation.report.PathSummary;

/** {@code comparison.md}: the two runs side by side, one row per figure, with the ratio MQTT ÷ Kafka. */
final class ComparisonMarkdown {
    private ComparisonMarkdown() {
    }

    /**
     * @param mqttSetup how the MQTT side ran (broker, QoS, acknowledgement, limits): figures of MQTT mean little
     *                  without it
     */
    static String render(Comparison c, String command, String mqttSetup) {
        RunSummary k = c.kafka();
        RunSummary m = c.mqtt();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(c.scenario()).append(": Kafka vs MQTT\n\n");
        md.append("`").append(command).append("`\n\n");
        md.append(String.format(Locale.ROOT, "Each architecture ran on fresh infrastructure, one after the other, on "
                + "this machine (%d cores). Both runs: %d s, warm-up %d s; latency is scheduled send time → "
                + "completion on the path, after the warm-up.%n%n", k.host() == null ? 0 : k.host().cores(),
                k.durationSec(), k.warmupSec()));
        md.append("MQTT side: ").append(mqttSetup).append("\n\n");
        md.append("| figure | Kafka | MQTT | MQTT ÷ Kafka |\n|---|---:|---:|---:|\n");
        row(md, "complete", String.valueOf(k.complete()), String.valueOf(m.complete()), null);
        row(md, "scheduled msg/s", rate(k.scheduledPerSec()), rate(m.scheduledPerSec()), null);
        row(md, "produced msg/s (acknowledged by the broker, after the warm-up)", rate(k.producedPerSec()),
                rate(m.producedPerSec()), Comparison.ratio(m.producedPerSec(), k.producedPerSec()));
        row(md, "produced / send errors (never acknowledged)", count(k.produced()) + " / " + count(k.sendErrors()),
                count(m.produced()) + " / " + count(m.sendErrors()), null);
        row(md, "producer ack p50 ms", ms(k.producer().ackLatencyMs().p50()), ms(m.producer().ackLatencyMs().p50()),
                Comparison.ratio(m.producer().ackLatencyMs().p50(), k.producer().ackLatencyMs().p50()));
        row(md, "producer ack p99 ms", ms(k.producer().ackLatencyMs().p99()), ms(m.producer().ackLatencyMs().p99()),
                Comparison.ratio(m.producer().ackLatencyMs().p99(), k.producer().ackLatencyMs().p99()));
        if (k.paths() != null && m.paths() != null) {
            for (String path : k.paths().keySet()) {
                PathSummary kp = k.paths().get(path);
                PathSummary mp = m.paths().get(path);
                if (mp == null) {
                    continue;
                }
                Comparison.PathRatios r = c.ratios().paths().get(path);
                row(md, path + ": msg/s", rate(kp.ratePerSec()), rate(mp.ratePerSec()), r.ratePerSec());
                row(md, path + ": p50 ms", ms(kp.latencyMs().p50()), ms(mp.latencyMs().p50()), r.p50());
                row(md, path + ": p99 ms", ms(kp.latencyMs().p99()), ms(mp.latencyMs().p99()), r.p99());
                row(md, path + ": p999 ms", ms(kp.latencyMs().p999()), ms(mp.latencyMs().p999()), r.p999());
                row(md, path + ": lost acknowledged / unacknowledged / duplicates / backlog", counts(kp), counts(mp),
                        null);
            }
        }
        role(md, "broker CPU s", Comparison.brokerOf(k), Comparison.brokerOf(m), u -> u.cpuSec(), "%.1f");
        role(md, "broker peak RSS MiB", Comparison.brokerOf(k), Comparison.brokerOf(m), u -> (double) u.peakRssMb(),
                "%.0f");
        role(md, "workers CPU s", Comparison.role(k, HostMonitor.WORKERS), Comparison.role(m, HostMonitor.WORKERS),
                u -> u.cpuSec(), "%.1f");
        if (k.host() != null && m.host() != null) {
            row(md, "host CPU busy p50 %", String.format(Locale.ROOT, "%.0f", k.host().cpuBusyPct().p50()),
                    String.format(Locale.ROOT, "%.0f", m.host().cpuBusyPct().p50()), null);
        }
        HostUsage.RoleUsage logKafka = Comparison.role(m, HostMonitor.KAFKA);
        if (logKafka != null) {
            md.append(String.format(Locale.ROOT, "%nThe MQTT run also ran a Kafka broker for the log topic (the "
                    + "jobs' metric records and alerts, a few records per second): %.1f CPU s, peak RSS %d MiB. The "
                    + "Kafka run carries the same records on its own broker.%n", logKafka.cpuSec(),
                    logKafka.peakRssMb()));
        }
        ComparisonFaults.render(md, k, m);
        warnings(md, "Kafka", k.warnings());
        warnings(md, "MQTT", m.warnings());
        return md.toString();
    }

    private static void role(StringBuilder md, String name, HostUsage.RoleUsage k, HostUsage.RoleUsage m,
                             Function<HostUsage.RoleUsage, Double> figure, String format) {
        if (k != null && m != null) {
            row(md, name, String.format(Locale.ROOT, format, figure.apply(k)),
                    String.format(Locale.ROOT, format, figure.apply(m)),
                    Comparison.ratio(figure.apply(m), figure.apply(k)));
        }
    }

    private static void warnings(StringBuilder md, String run, List<String> warnings) {
        md.append("\n**").append(run).append(" run warnings:** ").append(warnings.isEmpty() ? "none" : "").append('\n');
        warnings.forEach(w -> md.append("- ").append(w).append('\n'));
    }

    private static void row(StringBuilder md, String name, String kafka, String mqtt, Double ratio) {
        md.append("| ").append(name).append(" | ").append(kafka).append(" | ").append(mqtt).append(" | ")
                .append(ratio == null ? "" : String.format(Locale.ROOT, "%.2f", ratio)).append(" |\n");
    }

    private static String counts(PathSummary p) {
        return count(p.lostAcknowledged()) + " / " + count(p.lostUnacknowledged()) + " / " + count(p.duplicates())
                + " / " + count(p.backlog());
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String rate(double perSec) {
        return String.format(Locale.ROOT, "%,.0f", perSec);
    }

    private static String ms(double ms) {
        return String.format(Locale.ROOT, "%,.1f", ms);
    }
}
