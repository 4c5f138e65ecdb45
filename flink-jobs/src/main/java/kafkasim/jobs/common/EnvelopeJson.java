package kafkasim.jobs.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.json.Json;

/**
 * Reads and writes envelopes with Jackson's streaming API: strict like {@link Json#mapper()} (unknown, missing or
 * repeated fields, wrong types and trailing data are errors), but without binding, and the {@code pad} filler is
 * skipped without being decoded (it can be most of the message). Decoded envelopes carry {@code pad = null}.
 */
public final class EnvelopeJson {
    /**
     * The strict mapper's parser settings without Jackson's own duplicate detection, which allocates a HashSet per
     * JSON object: {@link #decode} detects repeated fields itself (a bit per field, a map for readings).
     */
    private static final JsonFactory FACTORY = Json.mapper().getFactory().copy()
            .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, false);
    private static final int SCHEMA = 1;
    private static final int DEVICE_ID = 1 << 1;
    private static final int TYPE = 1 << 2;
    private static final int SEQ = 1 << 3;
    private static final int SENT_AT = 1 << 4;
    private static final int ANOMALY = 1 << 5;
    private static final int VALUES = 1 << 6;
    private static final int PAD = 1 << 7;
    private static final int REQUIRED = SCHEMA | DEVICE_ID | TYPE | SEQ | SENT_AT | ANOMALY | VALUES;

    private EnvelopeJson() {
    }

    /** Decodes one envelope (UTF-8 JSON); throws {@link IOException} describing the first problem. */
    public static Envelope decode(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "an envelope must be a JSON object");
            int seen = 0;
            int schema = 0;
            String deviceId = null;
            String type = null;
            long seq = 0;
            long sentAtUs = 0;
            boolean anomaly = false;
            Map<String, Double> values = null;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                int bit = switch (field) {
                    case "schema" -> SCHEMA;
                    case "deviceId" -> DEVICE_ID;
                    case "type" -> TYPE;
                    case "seq" -> SEQ;
                    case "sentAtUs" -> SENT_AT;
                    case "anomaly" -> ANOMALY;
                    case "values" -> VALUES;
                    case "pad" -> PAD;
                    default -> throw new IOException("unknown envelope field '" + field + "'");
                };
                if ((seen & bit) != 0) { // messages are built only when needed: this runs for every field
                    throw new IOException("envelope field '" + field + "' appears twice");
                }
                seen |= bit;
                switch (bit) {
                    case SCHEMA -> {
                        expect(v == JsonToken.VALUE_NUMBER_INT && p.getIntValue() == Envelope.SCHEMA_VERSION,
                                "envelope schema must be " + Envelope.SCHEMA_VERSION);
                        schema = p.getIntValue();
                    }
                    case DEVICE_ID -> deviceId = text(p, v, field);
                    case TYPE -> type = text(p, v, field);
                    case SEQ -> seq = integer(p, v, field);
                    case SENT_AT -> sentAtUs = integer(p, v, field);
                    case ANOMALY -> {
                        expect(v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE, "anomaly must be a boolean");
                        anomaly = v == JsonToken.VALUE_TRUE;
                    }
                    case VALUES -> values = values(p, v);
                    default -> expect(v == JsonToken.VALUE_STRING, "pad must be a string"); // not decoded
                }
            }
            expect(p.nextToken() == null, "trailing data after the envelope");
            if ((seen & REQUIRED) != REQUIRED) {
                throw new IOException("envelope misses field(s) " + missing(seen));
            }
            return new Envelope(schema, deviceId, type, seq, sentAtUs, anomaly, values, null);
        }
    }

    /**
     * Writes the envelope as one JSON object without {@code pad}:
     * {@code {"schema","deviceId","type","seq","sentAtUs","anomaly","values"}}.
     */
    public static void write(JsonGenerator gen, Envelope e) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField("schema", e.schema());
        gen.writeStringField("deviceId", e.deviceId());
        gen.writeStringField("type", e.type());
        gen.writeNumberField("seq", e.seq());
        gen.writeNumberField("sentAtUs", e.sentAtUs());
        gen.writeBooleanField("anomaly", e.anomaly());
        gen.writeObjectFieldStart("values");
        for (Map.Entry<String, Double> v : e.values().entrySet()) {
            gen.writeNumberField(v.getKey(), v.getValue());
        }
        gen.writeEndObject();
        gen.writeEndObject();
    }

    private static Map<String, Double> values(JsonParser p, JsonToken v) throws IOException {
        expect(v == JsonToken.START_OBJECT, "values must be an object");
        Map<String, Double> values = new LinkedHashMap<>(4);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken n = p.nextToken();
            if (n != JsonToken.VALUE_NUMBER_INT && n != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new IOException("values." + name + " must be a number");
            }
            if (values.put(name, p.getDoubleValue()) != null) {
                throw new IOException("values." + name + " appears twice");
            }
        }
        return values;
    }

    private static String text(JsonParser p, JsonToken v, String field) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            throw new IOException(field + " must be a string");
        }
        return p.getText();
    }

    private static long integer(JsonParser p, JsonToken v, String field) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw new IOException(field + " must be a whole number");
        }
        return p.getLongValue();
    }

    private static String missing(int seen) {
        String[] names = {"schema", "deviceId", "type", "seq", "sentAtUs", "anomaly", "values"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((seen & (1 << i)) == 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(names[i]);
            }
        }
        return sb.toString();
    }

    private static void expect(boolean condition, String problem) throws IOException {
        if (!condition) {
            throw new IOException(problem);
        }
    }
}
