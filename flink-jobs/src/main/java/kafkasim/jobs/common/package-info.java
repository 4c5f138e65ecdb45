/**
 * What every path job shares besides its source ({@link kafkasim.jobs.source.Sources}): envelope decoding ({@link kafkasim.jobs.common.EnvelopeJson}; skipping malformed messages in
 * {@link kafkasim.jobs.common.EnvelopeDecoder}, shared by the Kafka and MQTT adapters), per-device seq tracking
 * ({@link kafkasim.jobs.common.SeqTracker}), environment settings, the histogram format and the wall clock.
 */
package kafkasim.jobs.common;
