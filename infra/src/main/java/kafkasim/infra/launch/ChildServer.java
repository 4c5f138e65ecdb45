package kafkasim.infra.launch;

import java.io.IOException;

import kafkasim.infra.StartException;

/**
 * What is one embedded server's own in its start: how it is launched on given ports, how its readiness shows, how a
 * failed attempt is read (a bind failure included) and how it is stopped. The lifecycle around these (ports per
 * attempt, the retry after a port taken before the bind, interrupts and unexpected errors) is
 * {@link ServerLauncher}'s; stopping a started server once is {@link StopOnce}'s.
 *
 * @param <C> one attempt's child: the process(es) launched on one set of ports and what judging them needs (its log
 *            offsets, what its readiness found)
 */
public interface ChildServer<C> {
    /** The server's name in messages, e.g. {@code Kafka}, {@code PostgreSQL}. */
    String name();

    /** Where its logs are, appended to messages: {@code ". Log: /w/postgres.log"}, or "" if it names none. */
    String logHint();

    /**
     * Starts the server's process(es) on {@code ports} and returns without waiting for them. A server of several
     * processes stops those it started before it throws.
     *
     * @throws IOException if they could not be started; the start then fails with {@link #launchFailed} (no retry)
     */
    C launch(int[] ports) throws IOException;

    /** The exception for a {@link #launch} that threw: nothing of that attempt runs. */
    StartException launchFailed(IOException e);

    /**
     * Waits until {@code child} is ready to serve, it exited, or {@link System#nanoTime()} passes
     * {@code deadlineNanos} (then, or when someone else answers on its port, {@link Readiness#notReady}). Returns
     * soon after the deadline; does not stop the child.
     *
     * @throws InterruptedException if interrupted while waiting (the launcher then stops the child)
     */
    Readiness awaitReady(C child, long deadlineNanos) throws InterruptedException;

    /**
     * Ends an attempt that did not get ready: stops what of it still runs (waiting for its exit) and reads what it
     * left, in the order this server's messages need (its log before or after the stop). Called once per failed
     * attempt; the child is not used again.
     *
     * @param attempt the attempt's number, from 1
     */
    FailedAttempt end(C child, Readiness readiness, int attempt);

    /** Stops whatever of {@code child} runs and waits for its exit: after an interrupt or an unexpected error. */
    void stop(C child);
}
