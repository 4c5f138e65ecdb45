package kafkasim.common.scenario;

import java.util.List;
import java.util.regex.Pattern;

/** The checks of a scenario's {@code faults}; each problem names the field, e.g. {@code faults[1].target}. */
final class FaultChecks {
    private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]{0,3}");
    static final int MAX_FAULTS = 100;
    static final int MAX_DELAY_MS = 60_000;

    private FaultChecks() {
    }

    /** @param durationSec the scenario's duration, or null if it is missing (reported elsewhere) */
    static void check(List<Fault> faults, Integer durationSec, List<String> problems) {
        if (faults.size() > MAX_FAULTS) {
            problems.add("faults may list at most " + MAX_FAULTS + " faults, got " + faults.size());
        }
        for (int i = 0; i < faults.size(); i++) {
            Fault f = faults.get(i);
            String at = "faults[" + i + "]";
            if (f == null) {
                problems.add(at + " must be an object, got null");
                continue;
            }
            check(at, f, durationSec, problems);
        }
        overlaps(faults, problems);
    }

    /** Two faults on one broker or the database at once: the second would act on a process that is not there. */
    private static void overlaps(List<Fault> faults, List<String> problems) {
        for (int i = 0; i < faults.size(); i++) {
            for (int j = i + 1; j < faults.size(); j++) {
                Fault a = usable(faults.get(i));
                Fault b = usable(faults.get(j));
                if (a == null || b == null || a.heldDown() == null || !a.heldDown().equals(b.heldDown())) {
                    continue;
                }
                if (a.atSec() <= b.endSec() && b.atSec() <= a.endSec()) {
                    problems.add("faults[" + i + "] and faults[" + j + "] both act on " + a.heldDown() + " between "
                            + Math.max(a.atSec(), b.atSec()) + " s and " + Math.min(a.endSec(), b.endSec())
                            + " s: let one end before the other starts");
                }
            }
        }
    }

    private static Fault usable(Fault f) {
        return f == null || f.atSec() == null || f.action() == null || !Fault.ACTIONS.contains(f.action())
                || f.forSec() != null && f.forSec() < 1 ? null : f.withDefaults();
    }

    /** One fault, scheduled or typed ({@code at} names it in the problems). */
    static void check(String at, Fault f, Integer durationSec, List<String> problems) {
        if (f.action() == null) {
            problems.add(at + ".action is required (one of " + String.join(", ", Fault.ACTIONS) + ")");
        } else if (!Fault.ACTIONS.contains(f.action())) {
            problems.add(at + ".action must be one of " + String.join(", ", Fault.ACTIONS) + ", got \""
                    + f.action() + "\"");
        }
        if (f.atSec() == null) {
            problems.add(at + ".atSec is required");
        } else if (f.atSec() < 0 || durationSec != null && f.atSec() >= durationSec) {
            problems.add(at + ".atSec must be >= 0 and before durationSec (" + durationSec + "), got " + f.atSec());
        }
        if (f.action() == null || !Fault.ACTIONS.contains(f.action())) {
            return;
        }
        if (f.target() != null) {
            if (!Fault.hasTarget(f.action())) {
                problems.add(at + ".target: " + f.action() + " takes none, got \"" + f.target() + "\"");
            } else if (!INDEX.matcher(f.target()).matches()) {
                problems.add(at + ".target must be a number (a worker id, broker node id or TaskManager index), got \""
                        + f.target() + "\"");
            } else if (Fault.targetsBroker(f.action()) && f.target().equals("0")) {
                problems.add(at + ".target: brokers are numbered from 1 (Kafka's node.id), got \"0\"");
            }
        }
        if (f.forSec() != null) {
            if (!Fault.lasts(f.action())) {
                problems.add(at + ".forSec: " + f.action() + " is undone by its supervisor at once, so it takes"
                        + " no forSec (got " + f.forSec() + ")");
            } else if (f.forSec() < 1 || f.forSec() > 3600) {
                problems.add(at + ".forSec must be between 1 and 3600, got " + f.forSec());
            }
        }
        boolean delay = Fault.NET_DELAY.equals(f.action());
        if (f.delayMs() != null && (!delay || f.delayMs() < 0 || f.delayMs() > MAX_DELAY_MS)) {
            problems.add(at + ".delayMs " + (delay ? "must be between 0 and " + MAX_DELAY_MS : "is for net-delay only")
                    + ", got " + f.delayMs());
        }
        if (f.jitterMs() != null && (!delay || f.jitterMs() < 0 || f.jitterMs() > MAX_DELAY_MS)) {
            problems.add(at + ".jitterMs " + (delay ? "must be between 0 and " + MAX_DELAY_MS
                    : "is for net-delay only") + ", got " + f.jitterMs());
        }
        Fault d = f.withDefaults();
        if (d.atSec() != null && durationSec != null && Fault.lasts(d.action()) && d.atSec() >= 0
                && d.atSec() < durationSec && d.endSec() >= durationSec) {
            problems.add(at + ": " + d.action() + " must be over before the generator stops (atSec + forSec = "
                    + d.endSec() + ", durationSec " + durationSec + "), or its recovery cannot be measured");
        }
    }
}
