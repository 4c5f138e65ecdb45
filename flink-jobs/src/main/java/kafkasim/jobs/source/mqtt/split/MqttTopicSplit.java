package kafkasim.jobs.source.mqtt.split;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One MQTT subscription, read over one connection whose client id ends in {@link #splitId}. All messages of a
 * topic go through one subscription, so their order (per device, as devices publish to their own topic) is kept.
 * The split has no position: MQTT cannot replay, the broker's session is the only memory of what is left to read.
 * Serializable because the source, which Flink ships to the cluster, holds its splits.
 *
 * @param splitId     {@code <index>-<crc32 of the filter, 8 hex digits>}: the filter's position in the source's
 *                    list (which reader owns it) and its fingerprint. The broker keeps a session's subscriptions,
 *                    so a client id must never be reused for another filter: with the fingerprint in the id, a
 *                    changed filter list starts new sessions instead of resuming one that still subscribes to
 *                    the old filter (and would deliver its messages twice).
 * @param topicFilter an MQTT topic filter, e.g. {@code devices/temperature/+/telemetry}
 */
public record MqttTopicSplit(String splitId, String topicFilter) implements SourceSplit, Serializable {
    private static final Pattern SPLIT_ID = Pattern.compile("\\d{1,9}-[0-9a-f]{8}");

    public MqttTopicSplit {
        Objects.requireNonNull(splitId, "splitId");
        Objects.requireNonNull(topicFilter, "topicFilter");
        if (!SPLIT_ID.matcher(splitId).matches()) {
            throw new IllegalArgumentException("split id '" + splitId + "' is not <index>-<8 hex digits>");
        }
        if (!splitId.endsWith("-" + fingerprint(topicFilter))) {
            throw new IllegalArgumentException("split id '" + splitId + "' is not of topic filter '" + topicFilter
                    + "'");
        }
    }

    /** The split of the {@code index}-th topic filter of a source. */
    public static MqttTopicSplit of(int index, String topicFilter) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
        return new MqttTopicSplit(index + "-" + fingerprint(topicFilter), topicFilter);
    }

    /** The position of the filter in the source's list. */
    public int index() {
        return Integer.parseInt(splitId.substring(0, splitId.indexOf('-')));
    }

    private static String fingerprint(String topicFilter) {
        CRC32 crc = new CRC32();
        crc.update(topicFilter.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }
}
