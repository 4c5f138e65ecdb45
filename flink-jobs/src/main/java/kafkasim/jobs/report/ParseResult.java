package kafkasim.jobs.report;

/**
 * What one input line turned out to be: a {@link Valid} value of interest, a well-formed line that is of no
 * interest here ({@link Ignored}: another topic, another run), or a line that breaks its contract
 * ({@link Malformed}, with a message naming the field), which the job counts and skips.
 */
public sealed interface ParseResult<T> permits ParseResult.Valid, ParseResult.Ignored, ParseResult.Malformed {

    /** A value of interest. */
    record Valid<T>(T value) implements ParseResult<T> {
    }

    /** A well-formed line of no interest to this job. */
    record Ignored<T>() implements ParseResult<T> {
    }

    /** A line that cannot be read or breaks its contract. */
    record Malformed<T>(String problem) implements ParseResult<T> {
    }
}
