package kafkasim.jobs.common.metrics;

/**
 * What one subtask counted in one window, ready to be encoded.
 *
 * @param windowStartMs start of the window, epoch ms, a whole second
 * @param received      records that completed the path in the window
 * @param lost          seqs found missing
 * @param duplicates    seqs repeated
 * @param latencyUs     base64 compressed HdrHistogram of completion time − sentAtUs, µs
 * @param extras        the path-specific counters, in the order of the names given to {@link PathMetrics}
 */
record WindowSnapshot(long windowStartMs, long received, long lost, long duplicates, String latencyUs,
                      long[] extras) {
}
