package kafkasim.common.envelope;

import java.nio.charset.StandardCharsets;
import java.util.List;
import kafkasim.common.scenario.ValueField;

/**
 * Writes {@link Envelope}s straight into a reusable byte array, exactly {@code payloadBytes} long, with no
 * allocation per message: the generator's send path must not build JSON trees or strings per message. One
 * encoder per device type; not thread-safe (one per scheduler thread).
 * <p>Numbers are written with fixed widths bounded by {@link #maxBareBytes}, so a message always fits when
 * {@code payloadBytes >= minPayloadBytes(...)}; the rest is filled with {@code pad}.
 */
public final class EnvelopeEncoder {
    /** Widest seq (Long.MAX_VALUE) and sentAtUs (epoch µs up to year 5138) we ever write. */
    static final int SEQ_MAX_DIGITS = 19;
    static final int SENT_AT_MAX_DIGITS = 17;
    /** "-9999999.999": sign, 7 integer digits, point, {@link ValueField#DECIMALS} decimals. */
    static final int VALUE_MAX_CHARS = 12;
    /** Device ids are {@code <type>-NNNNNN}. */
    public static final int DEVICE_INDEX_DIGITS = 6;
    public static final int MAX_DEVICE_INDEX = 999_999;

    private static final byte[] HEAD = ascii("{\"schema\":" + Envelope.SCHEMA_VERSION + ",\"deviceId\":\"");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] SENT_AT = ascii(",\"sentAtUs\":");
    private static final byte[] ANOMALY_TRUE = ascii(",\"anomaly\":true,\"values\":{");
    private static final byte[] ANOMALY_FALSE = ascii(",\"anomaly\":false,\"values\":{");
    private static final byte[] PAD = ascii("},\"pad\":\"");
    private static final byte[] TAIL = ascii("\"}");
    private static final byte PAD_BYTE = 'x';

    private final byte[] typePart;
    private final byte[][] fieldParts;
    private final int payloadBytes;

    public EnvelopeEncoder(String type, List<String> fieldNames, int payloadBytes) {
        int min = minPayloadBytes(type, fieldNames);
        if (payloadBytes < min) {
            throw new IllegalArgumentException("payloadBytes " + payloadBytes + " is below the bare envelope of "
                    + type + " (" + min + " bytes)");
        }
        this.typePart = ascii("\",\"type\":\"" + type + "\"");
        this.fieldParts = new byte[fieldNames.size()][];
        for (int i = 0; i < fieldNames.size(); i++) {
            fieldParts[i] = ascii((i == 0 ? "\"" : ",\"") + fieldNames.get(i) + "\":");
        }
        this.payloadBytes = payloadBytes;
    }

    /** The size of the largest envelope of this type without padding: the smallest valid payloadBytes. */
    public static int minPayloadBytes(String type, List<String> fieldNames) {
        int size = HEAD.length + type.length() + 1 + DEVICE_INDEX_DIGITS
                + ("\",\"type\":\"" + type + "\"").length()
                + SEQ.length + SEQ_MAX_DIGITS + SENT_AT.length + SENT_AT_MAX_DIGITS
                + ANOMALY_FALSE.length + PAD.length + TAIL.length;
        for (int i = 0; i < fieldNames.size(); i++) {
            size += (i == 0 ? 3 : 4) + fieldNames.get(i).length() + VALUE_MAX_CHARS;
        }
        return size;
    }

    public int payloadBytes() {
        return payloadBytes;
    }

    /**
     * Writes one envelope into {@code buf[0..payloadBytes)}.
     *
     * @param deviceId ASCII bytes of the device id (precomputed per device)
     * @param values   readings, one per field, taken from {@code values[valuesOffset..]}
     */
    public void encode(byte[] buf, byte[] deviceId, long seq, long sentAtUs, boolean anomaly,
                       double[] values, int valuesOffset) {
        int p = put(buf, 0, HEAD);
        p = put(buf, p, deviceId);
        p = put(buf, p, typePart);
        p = put(buf, p, SEQ);
        p = putLong(buf, p, seq);
        p = put(buf, p, SENT_AT);
        p = putLong(buf, p, sentAtUs);
        p = put(buf, p, anomaly ? ANOMALY_TRUE : ANOMALY_FALSE);
        for (int i = 0; i < fieldParts.length; i++) {
            p = put(buf, p, fieldParts[i]);
            p = putFixed3(buf, p, values[valuesOffset + i]);
        }
        p = put(buf, p, PAD);
        int padEnd = payloadBytes - TAIL.length;
        while (p < padEnd) {
            buf[p++] = PAD_BYTE;
        }
        put(buf, p, TAIL);
    }

    private static int put(byte[] buf, int p, byte[] part) {
        System.arraycopy(part, 0, buf, p, part.length);
        return p + part.length;
    }

    /** Writes a non-negative or negative long in decimal. */
    static int putLong(byte[] buf, int p, long v) {
        if (v < 0) {
            buf[p++] = '-';
            v = -v; // seq and times are never Long.MIN_VALUE
        }
        int digits = digits(v);
        int end = p + digits;
        for (int i = end - 1; i >= p; i--) {
            buf[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        return end;
    }

    /** Writes v with exactly three decimals, clamped to ±{@link ValueField#MAX_ABS_VALUE}. */
    static int putFixed3(byte[] buf, int p, double v) {
        double clamped = Math.max(-ValueField.MAX_ABS_VALUE, Math.min(ValueField.MAX_ABS_VALUE, v));
        long scaled = Math.round(clamped * 1000.0);
        if (scaled < 0) {
            buf[p++] = '-';
            scaled = -scaled;
        }
        p = putLong(buf, p, scaled / 1000);
        buf[p++] = '.';
        long frac = scaled % 1000;
        buf[p++] = (byte) ('0' + frac / 100);
        buf[p++] = (byte) ('0' + (frac / 10) % 10);
        buf[p++] = (byte) ('0' + frac % 10);
        return p;
    }

    private static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
