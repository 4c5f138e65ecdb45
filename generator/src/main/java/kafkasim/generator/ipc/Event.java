package kafkasim.generator.ipc;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A status line on a child's stdout. Workers send {@code ready}, {@code stats} (every statsIntervalMs) and
 * {@code stopped}; the manager forwards them upward and adds {@code worker-started}, {@code worker-exited},
 * {@code config} (applied or rejected) and {@code stopped}.
 *
 * @param acked        messages acknowledged by the broker for this worker's devices, cumulative over the run
 *                     (restarts included: it is read from the device state file)
 * @param failed       sends that failed for this worker's devices, cumulative
 * @param sendLagUs    interval histogram (HdrHistogram, compressed, base64) of actual minus scheduled send
 *                     time, µs: how far the generator lags behind its schedule
 * @param ackLatencyUs interval histogram of broker acknowledgement time minus scheduled send time, µs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(String event, Integer workerId, Long pid, Long acked, Long failed, Integer devices,
                    String sendLagUs, String ackLatencyUs, Integer exitCode, Boolean restart, Long restartInMs,
                    String message) {
    public static final String READY = "ready";
    public static final String STATS = "stats";
    public static final String STOPPED = "stopped";
    public static final String WORKER_STARTED = "worker-started";
    public static final String WORKER_EXITED = "worker-exited";
    public static final String CONFIG = "config";

    public static Event of(String event) {
        return new Event(event, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static Event message(String event, String message) {
        return new Event(event, null, null, null, null, null, null, null, null, null, null, message);
    }

    public static Event stats(int workerId, long acked, long failed, int devices, String sendLagUs,
                              String ackLatencyUs) {
        return new Event(STATS, workerId, null, acked, failed, devices, sendLagUs, ackLatencyUs, null, null, null,
                null);
    }

    public static Event workerStarted(int workerId, long pid, boolean restart) {
        return new Event(WORKER_STARTED, workerId, pid, null, null, null, null, null, null, restart, null, null);
    }

    public static Event workerExited(int workerId, int exitCode, boolean expected, long restartInMs) {
        return new Event(WORKER_EXITED, workerId, null, null, null, null, null, null, exitCode, !expected,
                expected ? null : restartInMs, null);
    }

    public Event withWorkerId(int id) {
        return new Event(event, id, pid, acked, failed, devices, sendLagUs, ackLatencyUs, exitCode, restart,
                restartInMs, message);
    }
}
