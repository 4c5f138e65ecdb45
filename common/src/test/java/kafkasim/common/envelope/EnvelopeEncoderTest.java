package kafkasim.common.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import kafkasim.common.json.Json;
import org.junit.jupiter.api.Test;

class EnvelopeEncoderTest {
    private static final List<String> FIELDS = List.of("rmsG", "peakG");

    @Test
    void writesExactlyPayloadBytesOfValidEnvelope() throws Exception {
        EnvelopeEncoder enc = new EnvelopeEncoder("vibration", FIELDS, 300);
        byte[] buf = new byte[300];
        enc.encode(buf, "vibration-000042".getBytes(StandardCharsets.US_ASCII), 1234, 1764000000123456L, true,
                new double[] {9, 0.25, -1.5}, 1);
        Envelope e = Json.mapper().readValue(buf, Envelope.class);
        assertEquals(1, e.schema());
        assertEquals("vibration-000042", e.deviceId());
        assertEquals("vibration", e.type());
        assertEquals(1234, e.seq());
        assertEquals(1764000000123456L, e.sentAtUs());
        assertTrue(e.anomaly());
        assertEquals(0.25, e.values().get("rmsG"));
        assertEquals(-1.5, e.values().get("peakG"));
        assertTrue(e.pad().chars().allMatch(c -> c == 'x'));
    }

    @Test
    void worstCaseNumbersStillFitTheMinimum() throws Exception {
        int min = EnvelopeEncoder.minPayloadBytes("vibration", FIELDS);
        EnvelopeEncoder enc = new EnvelopeEncoder("vibration", FIELDS, min);
        byte[] buf = new byte[min];
        enc.encode(buf, "vibration-999999".getBytes(StandardCharsets.US_ASCII), Long.MAX_VALUE,
                99_999_999_999_999_999L, false, new double[] {-1e12, -9_999_999.999}, 0);
        Envelope e = Json.mapper().readValue(buf, Envelope.class);
        assertEquals(Long.MAX_VALUE, e.seq());
        assertFalse(e.anomaly());
        assertEquals(-9_999_999.0, e.values().get("rmsG"), "clamped");
        assertEquals("", e.pad());
    }

    @Test
    void fixedDecimalsRoundCorrectly() {
        byte[] buf = new byte[32];
        int end = EnvelopeEncoder.putFixed3(buf, 0, 21.4);
        assertEquals("21.400", new String(buf, 0, end, StandardCharsets.US_ASCII));
        end = EnvelopeEncoder.putFixed3(buf, 0, -0.0004);
        assertEquals("0.000", new String(buf, 0, end, StandardCharsets.US_ASCII));
        end = EnvelopeEncoder.putFixed3(buf, 0, -0.0456);
        assertEquals("-0.046", new String(buf, 0, end, StandardCharsets.US_ASCII));
    }

    @Test
    void rejectsPayloadBelowTheBareEnvelope() {
        int min = EnvelopeEncoder.minPayloadBytes("temperature", List.of("celsius"));
        assertThrows(IllegalArgumentException.class, () -> new EnvelopeEncoder("temperature", List.of("celsius"), min - 1));
    }

    @Test
    void deviceIdHasSixDigits() {
        assertEquals("camera-000007", Envelope.deviceId("camera", 7));
    }
}
