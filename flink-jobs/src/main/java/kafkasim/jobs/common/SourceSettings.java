package kafkasim.jobs.common;

import java.io.Serializable;

/**
 * Where a path job reads envelopes from.
 *
 * @param source    transport: {@code kafka} (an {@code mqtt} source comes later, see {@link Sources})
 * @param bootstrap Kafka bootstrap servers, {@code host:port[,…]}
 * @param topic     telemetry topic
 * @param groupId   consumer group: one per job, so each path consumes every record like a separate service
 */
public record SourceSettings(String source, String bootstrap, String topic, String groupId) implements Serializable {
}
