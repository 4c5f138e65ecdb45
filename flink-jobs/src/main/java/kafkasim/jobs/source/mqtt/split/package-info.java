/** One MQTT subscription per split, and its versioned serializer. */
package kafkasim.jobs.source.mqtt.split;
