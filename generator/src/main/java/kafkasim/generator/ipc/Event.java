package kafkasim.generator.ipc;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A status line on a child's stdout. Workers send {@code ready}, {@code stats} (every statsIntervalMs),
 * {@code stopped}, and {@code failed} (its error, just before it exits because of it); the manager forwards
 * ready/stats/stopped upward and adds {@code worker-started}, {@code worker-exited} (with the worker's error, if
 * it reported one), {@code worker-failed} (given up: the run cannot go on), {@code config} (applied or rejected),
 * {@code reset} (a {@code reset} command is done: {@code message} "reset: N workers stopped, M started") and
 * {@code stopped}. A reset's stops are expected exits ({@code worker-exited} with {@code restart} false) and its
 * starts are not restarts ({@code worker-started} with {@code restart} false).
 *
 * @param acked        messages acknowledged by the broker for this worker's devices, cumulative over the run
 *                     (restarts included: it is read from the device state file)
 * @param failed       sends that failed for this worker's devices, cumulative
 * @param sendLagUs    interval histogram (HdrHistogram, compressed, base64) of actual minus scheduled send
 *                     time, µs: how far the generator lags behind its schedule
 * @param ackLatencyUs interval histogram of broker acknowledgement time minus scheduled send time, µs
 * @param restartInMs  {@code worker-exited}: when the worker is started again; null when it is not
 * @param message      {@code config}, {@code reset}: what happened; {@code failed}, {@code worker-exited},
 *                     {@code worker-failed}: the worker's error
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
    public static final String FAILED = "failed";
    public static final String WORKER_FAILED = "worker-failed";
    public static final String RESET = "reset";

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

    /** {@code restart} in the event means unexpected; {@code restartInMs} null: it is not started again. */
    public static Event workerExited(int workerId, int exitCode, boolean expected, Long restartInMs, String error) {
        return new Event(WORKER_EXITED, workerId, null, null, null, null, null, null, exitCode, !expected,
                restartInMs, error);
    }

    /** A reset is done: {@code stopped} workers stopped (their exits reported before), {@code started} started. */
    public static Event reset(int stopped, int started) {
        return message(RESET, "reset: " + stopped + " workers stopped, " + started + " started");
    }

    /** The worker's own report of the error that ends it. */
    public static Event failed(int workerId, String error) {
        return new Event(FAILED, workerId, null, null, null, null, null, null, null, null, null, error);
    }

    /** The manager gave up on a worker; {@code message} says why and carries the worker's last error. */
    public static Event workerFailed(int workerId, int exitCode, String message) {
        return new Event(WORKER_FAILED, workerId, null, null, null, null, null, null, exitCode, null, null, message);
    }

    public Event withWorkerId(int id) {
        return new Event(event, id, pid, acked, failed, devices, sendLagUs, ackLatencyUs, exitCode, restart,
                restartInMs, message);
    }
}
