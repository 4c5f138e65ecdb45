package kafkasim.simulation.compare;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import kafkasim.common.metrics.PathMetricRecord;
import kafkasim.simulation.faults.AppliedFault;
import kafkasim.simulation.faults.FaultLoss;
import kafkasim.simulation.orchestrator.RunSummary;

/**
 * The faults section of {@code comparison.md}: each fault of the scenario as it happened in both runs, side by side:
 * how long the failure lasted (a killed broker: until it accepted clients again) and how long each path took to get
 * back to its pre-fault rate, and what each path lost (acknowledged / unacknowledged) and repeated after it.
 */
final class ComparisonFaults {
    private ComparisonFaults() {
    }

    static void render(StringBuilder md, RunSummary kafka, RunSummary mqtt) {
        List<AppliedFault> k = kafka.faults() == null ? List.of() : kafka.faults();
        List<AppliedFault> m = mqtt.faults() == null ? List.of() : mqtt.faults();
        if (k.isEmpty() && m.isEmpty()) {
            return;
        }
        md.append("\n## Faults\n\n");
        md.append("Lasted: from the fault until kafkasim undid it (a killed broker: until it accepted clients again). "
                + "Recovery: seconds until each path completed messages at 90 % of its rate before the fault again "
                + "(fast / medium / slow; `-`: not back before the generator stopped).\n\n");
        md.append("| fault | Kafka: lasted s | Kafka: recovery s | MQTT: lasted s | MQTT: recovery s |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (int i = 0; i < Math.max(k.size(), m.size()); i++) {
            AppliedFault kf = i < k.size() ? k.get(i) : null;
            AppliedFault mf = i < m.size() ? m.get(i) : null;
            AppliedFault any = kf != null ? kf : mf;
            md.append("| ").append(any.label()).append(" at ").append(any.atSec()).append(" s | ")
                    .append(lasted(kf)).append(" | ").append(recovery(kf)).append(" | ")
                    .append(lasted(mf)).append(" | ").append(recovery(mf)).append(" |\n");
        }
        md.append("\nLoss per fault: what each path skipped (lost acknowledged / lost unacknowledged) and saw again "
                + "(duplicates), from the fault until the next one; a gap counts when the device's next message "
                + "arrives.\n\n");
        md.append("| fault | Kafka fast | Kafka medium | Kafka slow | MQTT fast | MQTT medium | MQTT slow |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < Math.max(k.size(), m.size()); i++) {
            AppliedFault kf = i < k.size() ? k.get(i) : null;
            AppliedFault mf = i < m.size() ? m.get(i) : null;
            AppliedFault any = kf != null ? kf : mf;
            md.append("| ").append(any.label()).append(" at ").append(any.atSec()).append(" s");
            for (AppliedFault f : new AppliedFault[] {kf, mf}) {
                for (String path : PathMetricRecord.PATHS) {
                    md.append(" | ").append(loss(f, path));
                }
            }
            md.append(" |\n");
        }
    }

    private static String loss(AppliedFault f, String path) {
        FaultLoss l = f == null || f.lossByPath() == null ? null : f.lossByPath().get(path);
        return l == null ? "" : String.format(Locale.ROOT, "%,d / %,d, %,d dup", l.lostAcknowledged(),
                l.lostUnacknowledged(), l.duplicates());
    }

    private static String lasted(AppliedFault f) {
        if (f == null) {
            return "";
        }
        if (f.applied() == null) {
            return "not applied: " + f.error();
        }
        return f.forSec() == null ? "instant" : String.format(Locale.ROOT, "%.1f",
                (f.endedAtMs() - f.appliedAtMs()) / 1000.0);
    }

    private static String recovery(AppliedFault f) {
        if (f == null || f.recoverySecByPath() == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : f.recoverySecByPath().entrySet()) {
            sb.append(sb.length() == 0 ? "" : " / ")
                    .append(e.getValue() == null ? "-" : String.format(Locale.ROOT, "%.0f", e.getValue()));
        }
        return sb.toString();
    }
}
