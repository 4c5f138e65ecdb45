package kafkasim.simulation.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard shows of a run at one second (sent to the page once per second, the source of {@code /metrics}).
 *
 * @param atMs            epoch ms of the sample
 * @param elapsedSec      seconds since the run's clock started (negative: still starting)
 * @param phase           {@code starting}, {@code running}, {@code draining} or {@code finished}
 * @param hostCpuBusyPct  all cores, last second; null before the first second or without {@code /proc}
 * @param producedPerSec  messages the broker acknowledged in the last second
 * @param produced        acknowledged so far; {@code sendErrors} failed so far
 * @param ackP99Ms        acknowledgement latency of the last second (broker ack − scheduled send time)
 * @param sendLagP99Ms    how late sends left their schedule in the last second
 * @param deviceGroups    the device groups as the run's edits left them (what {@code scale} acts on)
 * @param paths           per consumer path (absent in a run without jobs)
 * @param processes       every watched process, infrastructure first
 * @param faultsInForce   e.g. {@code "kill-broker 1"}; "" if none
 * @param markers         every fault and action of the run so far, oldest first
 * @param warnings        the run's warning sentences so far
 * @param recentLines     the orchestrator's latest output lines (not the progress lines), oldest first
 * @param flinkWebUi      the Flink web UI (null: no jobs)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LiveSnapshot(long atMs, long elapsedSec, String runId, String scenario, String broker, String phase,
                           boolean paused, Double hostCpuBusyPct, double producedPerSec, long produced,
                           long sendErrors, int workersRunning, int devices, double ackP99Ms, double sendLagP99Ms,
                           List<GroupLive> deviceGroups, Map<String, PathLive> paths,
                           List<ProcessLive> processes, String faultsInForce,
                           List<Marker> markers, List<String> warnings, List<String> recentLines, String flinkWebUi) {

    /** One device group now: {@code count} devices sending {@code ratePerSec} each. */
    public record GroupLive(String type, int count, double ratePerSec) {
    }

    /**
     * One consumer path now.
     *
     * @param reporting       false when its metric records stopped (the path or the log topic is down) or none came yet
     * @param completedPerSec messages completed per second over the last seconds every subtask reported
     * @param p50Ms           end-to-end latency over the same seconds (scheduled send time → completed)
     * @param received        completed so far; {@code lost} seq gaps found so far; {@code duplicates} repeats
     * @param notCompleted    acknowledged by the broker but not completed by this path yet (in flight or backlog):
     *                        not a loss
     * @param consumerLag     Kafka runs: the topic's end offsets minus the path's committed offsets (committed once
     *                        per checkpoint); null in MQTT runs or before the first commit
     */
    public record PathLive(boolean reporting, double completedPerSec, double p50Ms, double p99Ms, long received,
                           long lost, long duplicates, long notCompleted, Long consumerLag) {
    }

    /**
     * One process of the run.
     *
     * @param name     e.g. {@code worker 2}, {@code kafka}, {@code flink-taskmanager}
     * @param cpuPct   of one core over the last second (null: first seen this second)
     * @param restarts how often this role or worker was started again (null: not tracked)
     */
    public record ProcessLive(String name, String role, long pid, String state, Double cpuPct, long rssMb,
                              Integer restarts) {
    }

    /**
     * A fault or an action on the charts' time axis.
     *
     * @param kind {@code fault} or {@code action}
     */
    public record Marker(long atMs, String kind, String label) {
    }
}
