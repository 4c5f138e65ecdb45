package kafkasim.infra.launch;

import java.io.IOException;
import java.util.function.Supplier;

import kafkasim.infra.StartException;

/**
 * The start of every embedded server: pick ports, launch the child, wait until it is ready; a port another process
 * took between choosing and binding costs one attempt and is retried with fresh ports. What differs between the
 * servers is their {@link ChildServer}.
 */
public final class ServerLauncher {
    /** Attempts of a start on fresh ports: a port taken before the bind twice in a row is already rare. */
    public static final int BIND_ATTEMPTS = 3;

    private ServerLauncher() {
    }

    /**
     * Starts {@code server} and returns its ready child.
     *
     * @param ports         the ports of each attempt (called once per attempt, before the launch; what it throws
     *                      is thrown as it is)
     * @param attempts      at most this many attempts, 1 when the ports are fixed
     * @param deadlineNanos {@link System#nanoTime()} by which the child must be ready, shared by all attempts
     * @throws StartException if it could not be launched, exited, was not ready in time, or its ports were taken
     *                        {@code attempts} times; nothing of it runs then
     */
    public static <C> C start(ChildServer<C> server, Supplier<int[]> ports, int attempts, long deadlineNanos) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        for (int attempt = 1; ; attempt++) {
            C child = launch(server, ports.get());
            Readiness readiness = await(server, child, deadlineNanos);
            if (readiness.isReady()) {
                return child;
            }
            FailedAttempt failed = server.end(child, readiness, attempt);
            if (!failed.portTaken() || attempt >= attempts) {
                throw new StartException(failed.message());
            }
            // a port was taken between choosing and binding: choose again
        }
    }

    private static <C> C launch(ChildServer<C> server, int[] ports) {
        try {
            return server.launch(ports);
        } catch (IOException e) {
            throw server.launchFailed(e);
        }
    }

    private static <C> Readiness await(ChildServer<C> server, C child, long deadlineNanos) {
        try {
            return server.awaitReady(child, deadlineNanos);
        } catch (InterruptedException e) {
            server.stop(child); // before the flag is set again: stopping waits for the exit
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while " + server.name() + " started; stopped it"
                    + server.logHint(), e);
        } catch (RuntimeException | Error e) {
            server.stop(child);
            throw new StartException(server.name() + " failed to start: " + e + server.logHint(), e);
        }
    }
}
