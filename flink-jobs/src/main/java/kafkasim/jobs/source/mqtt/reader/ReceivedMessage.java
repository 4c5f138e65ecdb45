package kafkasim.jobs.source.mqtt.reader;

/**
 * A message on its way from the MQTT client's callback thread to the task thread.
 *
 * @param topic       the topic it was published to
 * @param payload     its payload (a copy: the client's buffer is not ours)
 * @param acknowledge sends its acknowledgement to the broker; null when the client acknowledges by itself
 *                    ({@link kafkasim.jobs.source.mqtt.MqttAckMode#ON_RECEIPT})
 */
record ReceivedMessage(String topic, byte[] payload, Runnable acknowledge) {
}
