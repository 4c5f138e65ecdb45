package kafkasim.jobs.common.metrics;

/** Where a path's last operator counts a message that completed the path: the slice of its completion second. */
@FunctionalInterface
public interface CompletionSeconds {
    /** The accumulator of the second that contains {@code completionUs} (epoch µs). */
    SliceAccumulator at(long completionUs);
}
