package kafkasim.jobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.json.Json;
import org.junit.jupiter.api.Test;

class EnvelopeJsonTest {
    @Test
    void decodesWhatTheGeneratorEncodesAndDropsThePad() throws IOException {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("watts", 351.5);
        values.put("volts", -0.25);
        byte[] bytes = TestEnvelopes.encode("power", 42, 1234, 1_764_000_000_123_456L, true, values, 300);
        assertEquals(300, bytes.length);

        Envelope e = EnvelopeJson.decode(bytes);
        assertEquals(new Envelope(1, "power-000042", "power", 1234, 1_764_000_000_123_456L, true, values, null), e);
        assertEquals(List.of("watts", "volts"), List.copyOf(e.values().keySet()), "field order kept");
        assertNull(e.pad());
    }

    @Test
    void writesTheEnvelopeWithoutPad() throws IOException {
        Envelope e = TestEnvelopes.temperature(7, 3, 1_764_000_000_000_001L, false, 21.4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = Json.mapper().getFactory().createGenerator(out)) {
            EnvelopeJson.write(gen, e);
        }
        String json = out.toString(StandardCharsets.UTF_8);
        assertEquals("{\"schema\":1,\"deviceId\":\"temperature-000007\",\"type\":\"temperature\",\"seq\":3,"
                + "\"sentAtUs\":1764000000000001,\"anomaly\":false,\"values\":{\"celsius\":21.4}}", json);
        assertEquals(e, EnvelopeJson.decode(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rejectsWhatIsNotAnEnvelope() {
        String good = "\"schema\":1,\"deviceId\":\"d\",\"type\":\"t\",\"seq\":1,\"sentAtUs\":2,\"anomaly\":false,"
                + "\"values\":{\"v\":1}";
        assertProblem("{" + good + ",\"extra\":1}", "unknown envelope field 'extra'");
        assertProblem("{" + good.replace("\"seq\":1,", "") + "}", "misses field(s) seq");
        assertProblem("{" + good.replace("\"seq\":1", "\"seq\":\"1\"") + "}", "seq must be a whole number");
        assertProblem("{" + good.replace("\"seq\":1", "\"seq\":1.5") + "}", "seq must be a whole number");
        assertProblem("{" + good.replace("\"schema\":1", "\"schema\":2") + "}", "schema must be 1");
        assertProblem("{" + good.replace("{\"v\":1}", "{\"v\":\"x\"}") + "}", "values.v must be a number");
        assertProblem("{" + good + "} {}", "trailing data");
        assertProblem("[1]", "must be a JSON object");
        assertThrows(IOException.class, () -> EnvelopeJson.decode("{\"schema\":1,\"schema\":1}".getBytes()));
    }

    private static void assertProblem(String json, String expected) {
        IOException e = assertThrows(IOException.class, () -> EnvelopeJson.decode(json.getBytes()), json);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
