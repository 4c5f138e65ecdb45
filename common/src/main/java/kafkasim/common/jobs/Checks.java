package kafkasim.common.jobs;

import java.util.List;
import java.util.function.Supplier;

/**
 * The checks the spec's records share. Each adds one problem that names the field and the value it got, or nothing;
 * a record lists its own problems with its field names, and its parent puts its own name in front.
 */
final class Checks {
    private Checks() {
    }

    /** A required string: present and not blank. */
    static void text(List<String> problems, String field, String value) {
        if (value == null) {
            problems.add(field + " is required");
        } else if (value.isBlank()) {
            problems.add(field + " must not be blank, got \"" + value + "\"");
        }
    }

    static void atLeast(List<String> problems, String field, long value, long min) {
        if (value < min) {
            problems.add(field + " must be >= " + min + ", got " + value);
        }
    }

    static void atMost(List<String> problems, String field, long value, long max) {
        if (value > max) {
            problems.add(field + " must be <= " + max + ", got " + value);
        }
    }

    /** A finite number above zero. */
    static void positive(List<String> problems, String field, double value) {
        if (!(Double.isFinite(value) && value > 0)) {
            problems.add(field + " must be > 0, got " + value);
        }
    }

    /**
     * A required section: its problems, each prefixed with {@code field}, or that it is missing. The supplier is
     * only asked when the section is there.
     */
    static void section(List<String> problems, String field, Object section, Supplier<List<String>> itsProblems) {
        if (section == null) {
            problems.add(field + " is required");
            return;
        }
        for (String p : itsProblems.get()) {
            problems.add(field + "." + p);
        }
    }
}
