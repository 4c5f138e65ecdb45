package kafkasim.simulation.faults;

import kafkasim.common.scenario.Fault;

/**
 * What a fault acts on in a run. Each method does one thing to one process and says what it did, e.g.
 * {@code "SIGKILL to worker 0 (pid 4711)"}; a target that does not exist (no worker 7, an external broker) is a
 * {@link FaultException} with a message naming it.
 */
public interface FaultTargets {
    String killWorker(int workerId);

    String killManager();

    String killTaskManager(int index);

    /**
     * SIGKILL to the Flink JobManager; then, as its supervisor, a new one on the same ports and the run's jobs
     * resubmitted to it from their latest completed checkpoints.
     */
    String killJobManager();

    /** SIGKILL to the telemetry broker with node id {@code nodeId} (Kafka's broker, or the MQTT broker). */
    String killBroker(int nodeId);

    /** Starts a killed broker again on its address and data. */
    String restartBroker(int nodeId);

    /** The broker's pid, for {@code pause-broker} (SIGSTOP/SIGCONT, see {@link ProcessSignals}). */
    long brokerPid(int nodeId);

    /**
     * Breaks the network between the telemetry broker {@code nodeId} and its clients as {@code fault} says
     * ({@code net-delay}, {@code net-loss}, {@code net-partition}), at the proxy in front of it.
     */
    String breakNetwork(int nodeId, Fault fault);

    /** Lets bytes between broker {@code nodeId} and its clients pass unchanged again. */
    String healNetwork(int nodeId);

    /** Stops the database (fast shutdown): its clients' connections fail until it is started again. */
    String stopDatabase();

    String startDatabase();

    /** A fault that cannot be applied in this run, and why. */
    final class FaultException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public FaultException(String message) {
            super(message);
        }
    }
}
