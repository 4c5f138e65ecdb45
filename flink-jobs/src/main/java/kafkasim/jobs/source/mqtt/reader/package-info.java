/**
 * The source reader: MQTT connections per split, the handover from the client's callback thread to the task thread,
 * and the acknowledgements owed per checkpoint.
 */
package kafkasim.jobs.source.mqtt.reader;
