/**
 * An MQTT source for Flink 2.x (FLIP-27) on the HiveMQ MQTT client: {@link kafkasim.jobs.source.mqtt.MqttSource}
 * and its builder; one split per topic filter ({@code split}), their assignment ({@code enumerator}) and the
 * readers with their acknowledgement bookkeeping ({@code reader}). See {@link kafkasim.jobs.source.mqtt.MqttSource}
 * for what it guarantees.
 */
package kafkasim.jobs.source.mqtt;
