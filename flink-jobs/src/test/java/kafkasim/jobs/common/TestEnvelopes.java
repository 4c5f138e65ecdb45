package kafkasim.jobs.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.envelope.EnvelopeEncoder;

/** Envelopes for tests, encoded exactly as the generator encodes them. */
public final class TestEnvelopes {
    private TestEnvelopes() {
    }

    /** The envelope's bytes as {@link EnvelopeEncoder} writes them (one value field per entry of {@code values}). */
    public static byte[] encode(String type, int index, long seq, long sentAtUs, boolean anomaly,
                                Map<String, Double> values, int payloadBytes) {
        List<String> fields = List.copyOf(values.keySet());
        EnvelopeEncoder encoder = new EnvelopeEncoder(type, fields, payloadBytes);
        byte[] buf = new byte[payloadBytes];
        double[] v = values.values().stream().mapToDouble(Double::doubleValue).toArray();
        encoder.encode(buf, Envelope.deviceId(type, index).getBytes(), seq, sentAtUs, anomaly, v, 0);
        return buf;
    }

    /** A decoded temperature envelope. */
    public static Envelope temperature(int index, long seq, long sentAtUs, boolean anomaly, double celsius) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("celsius", celsius);
        return new Envelope(1, Envelope.deviceId("temperature", index), "temperature", seq, sentAtUs, anomaly, values,
                null);
    }
}
