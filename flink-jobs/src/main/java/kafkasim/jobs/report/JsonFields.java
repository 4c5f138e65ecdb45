package kafkasim.jobs.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import kafkasim.common.json.Json;

/**
 * Strict typed reads of fields of a JSON object read as a tree (the alerts; metric records have their own codec in
 * {@code kafkasim.common.metrics}): a count must be an integral JSON number (never
 * {@code 1.5} or {@code "10"}), a text a JSON string. Each failure is a {@link Problem} that names the field as
 * {@code prefix.field}.
 */
final class JsonFields {
    private static final Set<String> NON_FINITE = Set.of("NaN", "Infinity", "-Infinity");

    private final JsonNode object;
    private final String prefix;

    private JsonFields(JsonNode object, String prefix) {
        this.object = object;
        this.prefix = prefix;
    }

    /** Reads {@code line} as a JSON object with the project's strict mapper (duplicates, trailing tokens fail). */
    static JsonNode readObject(String line) throws Problem {
        if (line == null || line.isBlank()) {
            throw new Problem("empty line");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            throw new Problem("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new Problem("not a JSON object");
        }
        return root;
    }

    static JsonFields of(JsonNode object, String prefix) {
        return new JsonFields(object, prefix.isEmpty() ? "" : prefix + ".");
    }

    String text(String field) throws Problem {
        JsonNode node = object.get(field);
        if (node == null || !node.isTextual()) {
            throw new Problem(prefix + field + " must be a string, got " + node);
        }
        return node.textValue();
    }

    /** A string, or {@code null} when absent or JSON null. */
    String optionalText(String field) throws Problem {
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? null : text(field);
    }

    /** A non-negative integral number. */
    long count(String field) throws Problem {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            throw new Problem(prefix + field + " is missing");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new Problem(prefix + field + " must be a non-negative integer, got " + node);
        }
        return node.longValue();
    }

    /**
     * A JSON number as a double, or {@code null} when absent, JSON null, or not finite: Jackson writes a NaN or
     * infinite double as the string {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}, which means
     * "no value" here.
     */
    Double optionalNumber(String field) throws Problem {
        JsonNode node = object.get(field);
        if (node == null || node.isNull() || node.isTextual() && NON_FINITE.contains(node.textValue())) {
            return null;
        }
        if (!node.isNumber()) {
            throw new Problem(prefix + field + " must be a number, got " + node);
        }
        double value = node.doubleValue();
        return Double.isFinite(value) ? value : null;
    }

    boolean bool(String field) throws Problem {
        JsonNode node = object.get(field);
        if (node == null || !node.isBoolean()) {
            throw new Problem(prefix + field + " must be true or false, got " + node);
        }
        return node.booleanValue();
    }

    /** A contract violation; carries only its message. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }
}
