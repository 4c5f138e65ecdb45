package kafkasim.common.envelope;

import java.util.Map;

/**
 * The message every simulated device sends (UTF-8 JSON, Kafka key = deviceId). Decoding form, for consumers
 * and tests; the generator writes it with {@link EnvelopeEncoder} without building objects.
 *
 * @param schema   envelope schema version ({@link #SCHEMA_VERSION})
 * @param deviceId {@code <type>-<6-digit index>}
 * @param type     device type
 * @param seq      per-device sequence number from 0, without gaps
 * @param sentAtUs scheduled send time, epoch microseconds (latency includes queueing: no coordinated omission)
 * @param anomaly  ground truth: true when the generator injected an anomaly into this reading
 * @param values   readings by field name
 * @param pad      filler so that the serialized envelope has exactly the scenario's payloadBytes
 */
public record Envelope(int schema, String deviceId, String type, long seq, long sentAtUs, boolean anomaly,
                       Map<String, Double> values, String pad) {
    public static final int SCHEMA_VERSION = 1;

    /** The device id of the device with this index within its type. */
    public static String deviceId(String type, int index) {
        return type + "-" + String.format("%06d", index);
    }

    /** The type of a {@link #deviceId(String, int)}: what comes before its last {@code -}. */
    public static String typeOf(String deviceId) {
        int dash = deviceId.lastIndexOf('-');
        return dash < 0 ? deviceId : deviceId.substring(0, dash);
    }
}
