package kafkasim.infra.launch;

import java.util.Objects;

/**
 * How waiting for one attempt's child ended.
 *
 * @param state    {@link State#READY}, {@link State#EXITED} (the child is gone) or {@link State#NOT_READY} (it runs
 *                 but did not get ready: the deadline passed, or a foreign server answers on its port)
 * @param exitCode the child's exit code when it {@link State#EXITED}, else -1
 * @param detail   what happened, in words a message can quote; empty when ready
 */
public record Readiness(State state, int exitCode, String detail) {
    /** Where waiting ended. */
    public enum State { READY, EXITED, NOT_READY }

    private static final Readiness READY = new Readiness(State.READY, -1, "");

    public Readiness {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
    }

    public static Readiness ready() {
        return READY;
    }

    /** The child exited with {@code exitCode} before it was ready. */
    public static Readiness exited(int exitCode, String detail) {
        return new Readiness(State.EXITED, exitCode, detail);
    }

    /** The child runs but is not ready: the deadline passed, or someone else answers in its place. */
    public static Readiness notReady(String detail) {
        return new Readiness(State.NOT_READY, -1, detail);
    }

    public boolean isReady() {
        return state == State.READY;
    }

    public boolean hasExited() {
        return state == State.EXITED;
    }
}
