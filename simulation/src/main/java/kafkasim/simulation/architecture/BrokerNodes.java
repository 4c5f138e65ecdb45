package kafkasim.simulation.architecture;

/**
 * The devices' embedded broker processes, as the broker faults see them: node ids 1..{@link #count()}. Each
 * method throws {@link IllegalStateException} with the reason when the broker is not embedded.
 */
public interface BrokerNodes {
    /** How many nodes there are. */
    int count();

    /** The pid of node {@code nodeId}'s process. */
    long pid(int nodeId);

    /** Starts node {@code nodeId} again on its ports and data; returns the address it serves and its pid. */
    Restarted restart(int nodeId);

    /** A restarted node: where it serves and its new process. */
    record Restarted(String address, long pid) {
    }
}
