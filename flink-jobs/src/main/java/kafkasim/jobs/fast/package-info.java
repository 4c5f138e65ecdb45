/** The fast path, "ML server": streaming per-device anomaly detection with simulated inference time, alerts to Kafka. */
package kafkasim.jobs.fast;
