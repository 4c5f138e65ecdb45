/** Deterministic assignment of the fixed splits to readers; the unassigned splits are its checkpoint. */
package kafkasim.jobs.source.mqtt.enumerator;
