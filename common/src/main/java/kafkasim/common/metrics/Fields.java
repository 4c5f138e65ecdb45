package kafkasim.common.metrics;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Strict typed reads of the current value of a streaming parser; each failure names the field. */
final class Fields {
    private Fields() {
    }

    static String text(JsonParser p, String field) throws IOException, MetricRecordException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new MetricRecordException(field + " must be a string, got " + describe(p));
        }
        return p.getText();
    }

    /** A non-negative integral JSON number that fits a long. */
    static long count(JsonParser p, String field) throws IOException, MetricRecordException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || p.getLongValue() < 0) {
            throw new MetricRecordException(field + " must be a non-negative integer, got " + describe(p));
        }
        return p.getLongValue();
    }

    static void expect(JsonParser p, JsonToken token, String field, String what)
            throws IOException, MetricRecordException {
        if (p.currentToken() != token) {
            throw new MetricRecordException(field + " must be " + what + ", got " + describe(p));
        }
    }

    /** The current value as it appears in the line (structures abbreviated). */
    static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "\"" + p.getText() + "\"";
            default -> p.getText();
        };
    }
}
