package kafkasim.simulation.faults;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One fault as it happened ({@code summary.json}'s {@code faults}).
 *
 * @param atSec             seconds after the run's clock started, as scheduled or typed
 * @param action            see {@link kafkasim.common.scenario.Fault#ACTIONS}
 * @param target            as given, with its default
 * @param forSec            how long it lasted (faults kafkasim undoes), else null
 * @param typed             true if typed at the prompt, false if from the scenario
 * @param applied           what was done, e.g. "SIGKILL to broker 1 (pid 4711)"; null if it failed
 * @param undone            what ended it, e.g. "broker 1 started again in 3.1 s"; null for the others
 * @param error             why it could not be applied or undone, else null
 * @param appliedAtMs       epoch ms when it was applied
 * @param endedAtMs         epoch ms when it was undone ({@code appliedAtMs} for a fault that does not last)
 * @param recoverySec       seconds from the fault until every path was back to its pre-fault rate (the largest
 *                          of {@code recoverySecByPath}); null if some path did not recover before the generator
 *                          stopped, or had no rate before the fault
 * @param recoverySecByPath per path; null where it did not recover or cannot be judged
 * @param lossByPath        per path, what it lost and repeated from this fault until the next one (see
 *                          {@link FaultLoss}); null until the run's metric records are in
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppliedFault(int atSec, String action, String target, Integer forSec, boolean typed, String applied,
                           String undone, String error, long appliedAtMs, long endedAtMs, Double recoverySec,
                           Map<String, Double> recoverySecByPath, Map<String, FaultLoss> lossByPath) {
    public AppliedFault(int atSec, String action, String target, Integer forSec, boolean typed, String applied,
                        String undone, String error, long appliedAtMs, long endedAtMs, Double recoverySec,
                        Map<String, Double> recoverySecByPath) {
        this(atSec, action, target, forSec, typed, applied, undone, error, appliedAtMs, endedAtMs, recoverySec,
                recoverySecByPath, null);
    }

    /** How it reads in the progress output and windows.csv: {@code kill-broker 1}. */
    public String label() {
        return action + (target == null ? "" : " " + target);
    }

    AppliedFault undone(String how, long atMs) {
        return new AppliedFault(atSec, action, target, forSec, typed, applied, how, error, appliedAtMs, atMs, null,
                null);
    }

    AppliedFault failed(String why, long atMs) {
        return new AppliedFault(atSec, action, target, forSec, typed, applied, undone,
                error == null ? why : error + "; " + why, appliedAtMs, atMs, null, null);
    }

    /** With its recovery times. */
    public AppliedFault withRecovery(Double overall, Map<String, Double> byPath) {
        return new AppliedFault(atSec, action, target, forSec, typed, applied, undone, error, appliedAtMs, endedAtMs,
                overall, byPath, lossByPath);
    }

    /** With what each path lost and repeated after it. */
    public AppliedFault withLoss(Map<String, FaultLoss> byPath) {
        return new AppliedFault(atSec, action, target, forSec, typed, applied, undone, error, appliedAtMs, endedAtMs,
                recoverySec, recoverySecByPath, byPath);
    }
}
