package kafkasim.common.scenario;

import java.util.List;

/** A scenario (or config) that cannot be run; each problem names its field, e.g. {@code devices[1].ratePerSec}. */
public class ScenarioException extends Exception {
    private final List<String> problems;

    public ScenarioException(String source, List<String> problems) {
        super(source + " is invalid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
