package kafkasim.common.scenario;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.stream.Collectors;

/** Turns Jackson's exceptions into one line that names the field in the user's terms. */
public final class JsonProblems {
    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("Duplicate field '([^']*)'");
    private static final java.util.regex.Pattern KNOWN_IDS = java.util.regex.Pattern.compile("known type ids = \\[([^]]*)]");

    private JsonProblems() {
    }

    public static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", ", " (known fields: ", ")"));
            return path(u) + " is not a known field" + known;
        }
        if (e instanceof InvalidTypeIdException t && t.getTypeId() != null) {
            // a sealed family written as {"<kind>": {…}}: the key names the kind
            var known = KNOWN_IDS.matcher(String.valueOf(t.getOriginalMessage()));
            return path(t) + ": unknown kind " + quoted(t.getTypeId())
                    + (known.find() ? " (one of " + known.group(1) + ")" : "");
        }
        if (e instanceof InvalidFormatException f) {
            return path(f) + " must be " + typeName(f.getTargetType()) + ", got " + quoted(f.getValue());
        }
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            return path(m) + " must be " + typeName(m.getTargetType());
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            var dup = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
            if (dup.find()) {
                return path(m) + "." + dup.group(1) + " appears twice";
            }
            return path(m) + ": " + firstLine(e.getOriginalMessage());
        }
        var loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return "malformed JSON" + where + ": " + firstLine(e.getOriginalMessage());
    }

    /** {@code devices[1].ratePerSec} from Jackson's reference chain. */
    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                String kind = wrapperKind(ref.getFrom());
                if (kind != null) { // Jackson's chain skips the key that names the kind: put it back
                    sb.append('.').append(kind);
                }
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(top level)" : sb.toString();
    }

    /**
     * The kind name of a subtype written as {@code {"<kind>": {…}}} ({@link JsonTypeInfo.As#WRAPPER_OBJECT}, e.g.
     * the job spec's {@code job} and {@code source}), or null for any other owner of a field.
     */
    private static String wrapperKind(Object from) {
        Class<?> type = from instanceof Class<?> c ? c : from == null ? Object.class : from.getClass();
        for (Class<?> family : type.getInterfaces()) {
            JsonTypeInfo info = family.getAnnotation(JsonTypeInfo.class);
            JsonSubTypes subtypes = family.getAnnotation(JsonSubTypes.class);
            if (info != null && info.include() == JsonTypeInfo.As.WRAPPER_OBJECT && subtypes != null) {
                for (JsonSubTypes.Type t : subtypes.value()) {
                    if (t.value() == type) {
                        return t.name();
                    }
                }
            }
        }
        return null;
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a JSON object";
        }
        return "a " + type.getSimpleName();
    }

    private static String quoted(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
