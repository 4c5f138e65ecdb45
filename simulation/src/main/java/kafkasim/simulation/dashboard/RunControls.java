package kafkasim.simulation.dashboard;

import java.util.Map;

/**
 * What the page and the HTTP API may do to a running simulation; the orchestrator implements it, and its typed
 * prompt uses the same verbs.
 */
public interface RunControls {
    /** The verbs {@link #act} takes. */
    java.util.List<String> VERBS = java.util.List.of("stop", "reload", "pause", "resume", "scale", "workers",
            "reset", "fault");

    /**
     * Carries out one action now.
     *
     * @param verb   one of {@link #VERBS}
     * @param params the verb's arguments by name, e.g. {@code type}, {@code count}, {@code ratePerSec}
     *               ({@code scale}), {@code count} ({@code workers}), {@code command} ({@code fault})
     * @param source who asked: {@code prompt} or {@code http}
     */
    ActionResult act(String verb, Map<String, String> params, String source);

    /**
     * @param accepted false: nothing was done, {@code message} says why (a bad argument names it)
     */
    record ActionResult(boolean accepted, String message) {
    }
}
