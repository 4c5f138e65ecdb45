/**
 * Where a path job's envelopes come from, one package per broker: {@code kafka} (Flink's Kafka connector) and
 * {@code mqtt} (this project's FLIP-27 source). {@link kafkasim.jobs.source.Sources} chooses by the spec's source;
 * the jobs import neither package nor any broker client.
 */
package kafkasim.jobs.source;
