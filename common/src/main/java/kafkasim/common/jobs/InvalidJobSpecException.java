package kafkasim.common.jobs;

import java.util.List;

/**
 * A job spec that cannot run; each problem names its field by its JSON path. An {@link IllegalArgumentException}
 * because the Flink client and REST API show such a job's main-method failure with its message.
 */
public final class InvalidJobSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InvalidJobSpecException(List<String> problems) {
        super("the job spec is invalid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one line each. */
    public List<String> problems() {
        return problems;
    }
}
