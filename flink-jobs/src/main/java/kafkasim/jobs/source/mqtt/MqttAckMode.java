package kafkasim.jobs.source.mqtt;

/** When the source acknowledges a QoS 1/2 message to the broker; see {@link MqttSource} for what each guarantees. */
public enum MqttAckMode {
    /**
     * After the checkpoint that holds the message completed (manual acknowledgement). At-least-once across a
     * reader failure while the broker keeps the session: unacknowledged messages are redelivered, duplicates
     * possible. Needs QoS 1 or 2 and a session that outlives the connection.
     */
    AFTER_CHECKPOINT,
    /**
     * As soon as the client received it (automatic acknowledgement, what a plain MQTT consumer does): messages
     * received but not yet part of a completed checkpoint are lost when the reader fails.
     */
    ON_RECEIPT
}
