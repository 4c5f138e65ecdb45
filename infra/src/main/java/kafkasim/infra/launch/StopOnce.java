package kafkasim.infra.launch;

import kafkasim.infra.ChildProcesses;
import kafkasim.infra.StartException;

/**
 * Stops a started server exactly once: by {@link #close()}, or by a JVM shutdown hook if it was never closed (the
 * children would otherwise only go when their parent watch notices this JVM is gone).
 */
public final class StopOnce {
    private final Runnable stop;
    private final Thread hook;
    private volatile boolean closed; // volatile: read without the lock by a server's own checks

    /** {@code stop} stops the server and waits for it; {@code threadName} names the shutdown hook. */
    public StopOnce(String threadName, Runnable stop) {
        this.stop = stop;
        this.hook = new Thread(stop, threadName);
    }

    /**
     * Registers the shutdown hook once the server is ready.
     *
     * @throws StartException if this JVM already shuts down: the server is then stopped again; the message names
     *                        {@code name} and ends with {@code logHint}
     */
    public void arm(String name, String logHint) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException jvmShuttingDown) {
            stop.run();
            throw new StartException(name + " was started while this JVM shuts down; stopped it again" + logHint,
                    jvmShuttingDown);
        }
    }

    /** Removes the hook and stops the server, the first time; later calls return at once. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ChildProcesses.removeShutdownHook(hook);
        stop.run();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }
}
