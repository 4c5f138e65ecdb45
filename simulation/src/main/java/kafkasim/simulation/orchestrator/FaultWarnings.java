package kafkasim.simulation.orchestrator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kafkasim.simulation.faults.AppliedFault;

/** What a reader must know about the run's faults: one that did not happen, and paths that did not recover. */
final class FaultWarnings {
    private FaultWarnings() {
    }

    /** @param withPaths false for {@code generate}: there are no paths whose recovery could be judged */
    static List<String> of(List<AppliedFault> faults, boolean withPaths) {
        List<String> w = new ArrayList<>();
        if (faults.stream().anyMatch(f -> f.applied() != null)) {
            w.add("the run had faults: while a broker is down the producers wait and the paths stall, and restarted"
                    + " processes cost CPU, so latency percentiles, send lag and host load include the faults"
                    + " (see faults[].recoverySec for how long each took to get over)");
        }
        for (AppliedFault f : faults) {
            if (f.applied() == null) {
                w.add(String.format("the fault %s at %d s was not applied (%s): the run measured no such failure",
                        f.label(), f.atSec(), f.error()));
                continue;
            }
            if (f.error() != null) {
                w.add(String.format("the fault %s at %d s: %s", f.label(), f.atSec(), f.error()));
            }
            if (withPaths && f.recoverySecByPath() != null) {
                List<String> notBack = new ArrayList<>();
                for (Map.Entry<String, Double> e : f.recoverySecByPath().entrySet()) {
                    if (e.getValue() == null) {
                        notBack.add(e.getKey());
                    }
                }
                if (!notBack.isEmpty()) {
                    w.add(String.format("after the fault %s at %d s, the %s path%s did not get back to %s pre-fault"
                                    + " rate before the generator stopped (or had no rate before it): no recovery"
                                    + " time", f.label(), f.atSec(), String.join(", ", notBack),
                            notBack.size() > 1 ? "s" : "", notBack.size() > 1 ? "their" : "its"));
                }
            }
        }
        return w;
    }
}
