package kafkasim.simulation.orchestrator;

/** The run cannot go on (e.g. a worker fails on its own setup every time): exit code 1 with this message. */
public final class RunFailedException extends Exception {
    public RunFailedException(String message) {
        super(message);
    }
}
