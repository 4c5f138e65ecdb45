package kafkasim.simulation.orchestrator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One action taken during a run ({@code summary.json}'s {@code actions}), from the prompt or the dashboard.
 *
 * @param atMs     epoch ms when it was taken
 * @param atSec    seconds after the run's clock started (negative: before it)
 * @param source   {@code prompt} or {@code http}
 * @param verb     see {@link kafkasim.simulation.dashboard.RunControls#VERBS}
 * @param params   its arguments as given
 * @param accepted false: refused, nothing done ({@code message} says why)
 * @param message  what kafkasim answered
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RunAction(long atMs, double atSec, String source, String verb, Map<String, String> params,
                        boolean accepted, String message) {
    /** How it reads on the charts: {@code scale type=temperature count=80}. */
    public String label() {
        StringBuilder b = new StringBuilder(verb);
        params.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }
}
