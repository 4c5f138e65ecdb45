package kafkasim.simulation.orchestrator;

import kafkasim.simulation.security.SecuritySummary;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import kafkasim.simulation.faults.AppliedFault;
import kafkasim.simulation.host.HostUsage;
import kafkasim.simulation.report.LatencyMs;
import kafkasim.simulation.report.PathSummary;

/**
 * {@code summary.json} of a run (keys are a contract: see DESIGN.md); {@code paths} is absent when no consumer
 * jobs ran ({@code generate}).
 *
 * @param warnings       sentences a reader must see before trusting the figures (empty: none); near the top on
 *                       purpose
 * @param produced       messages the broker acknowledged: sum of devices.csv's produced column
 * @param sendErrors     messages whose send failed after the producer's retries (each leaves a seq gap)
 * @param devices        devices that sent at least one message
 * @param warmupSec      the first seconds of the run, left out of latency and throughput statistics
 * @param complete       every consumer path completed every produced message (null without consumer jobs)
 * @param drainSec       seconds the paths took, after the generator stopped, to complete what was produced (or
 *                       until the drain gave up); a path that keeps up needs about one checkpoint interval
 * @param scheduledPerSec messages per second the scenario schedules
 * @param producedPerSec messages acknowledged per second between the end of the warm-up and the generator's stop
 * @param producer       acknowledgement latency (broker ack − scheduled send time) and send lag (actual send −
 *                       scheduled time), merged over all workers
 * @param paths          per consumer path ("fast", "medium", "slow"): what it received, lost and repeated, and
 *                       its end-to-end latency from the scheduled send time
 * @param host           how busy the machine was and what each process role used (null without {@code /proc})
 * @param faults         the faults applied during the run, as they happened, with each path's recovery time
 *                       (absent when the run had none)
 * @param security       the security mode and the brokers' refusals per device group (absent in plain runs
 *                       without refusals)
 * @param actions        what was done to the run while it ran (prompt and dashboard: scale, pause, reset, faults…),
 *                       taken or refused, in order (absent when none)
 */
@JsonPropertyOrder({"runId", "scenario", "broker", "durationSec", "warmupSec", "complete", "drainSec", "warnings",
    "produced", "sendErrors", "devices", "topic", "scheduledPerSec", "producedPerSec", "paths", "faults", "producer",
    "host", "processes", "log", "security", "actions"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSummary(String runId, String scenario, String broker, int durationSec, int warmupSec,
                         Boolean complete, Double drainSec, List<String> warnings, long produced, long sendErrors,
                         int devices, String topic, double scheduledPerSec, double producedPerSec,
                         Map<String, PathSummary> paths, Producer producer, HostUsage host,
                         RunTotals.ProcessCounts processes, LogCounts log, List<AppliedFault> faults,
                         SecuritySummary security, List<RunAction> actions) {

    /**
     * The producer side after the warm-up ({@code ackLatencyMs}, {@code sendLagMs}) and over the whole run
     * ({@code …AllRun}).
     */
    public record Producer(LatencyMs ackLatencyMs, LatencyMs sendLagMs, LatencyMs ackLatencyMsAllRun,
                           LatencyMs sendLagMsAllRun) {
    }

    /** Log records written to the per-process files, and records the loggers had to drop. */
    public record LogCounts(long written, long dropped) {
    }
}
