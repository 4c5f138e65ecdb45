package kafkasim.common.metrics;

/**
 * A line that is not a well-formed metric record; the message names the field, e.g.
 * {@code data.slices[1].received must be a non-negative integer, got 1.5}. Checked, so readers decide whether to
 * count and skip; without a stack trace, because a reader may see many.
 */
public final class MetricRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public MetricRecordException(String message) {
        super(message, null, false, false);
    }
}
