package kafkasim.infra.flink;

import java.util.List;

/**
 * A Flink REST call failed. The message names the endpoint, the HTTP status and Flink's {@code errors} array (or
 * the start of a non-JSON body, or the I/O error when no answer came).
 */
public final class FlinkRestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** HTTP status; {@value #NO_RESPONSE} when no response arrived (connection refused, timeout). */
    private final int status;
    private final String endpoint;
    private final List<String> errors;

    /** {@link #status()} when no HTTP response arrived. */
    public static final int NO_RESPONSE = 0;

    public FlinkRestException(String endpoint, int status, List<String> errors, String message, Throwable cause) {
        super(message, cause);
        this.endpoint = endpoint;
        this.status = status;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** Method and path, e.g. {@code POST /jars/abc_job.jar/run}. */
    public String endpoint() {
        return endpoint;
    }

    public int status() {
        return status;
    }

    /** Flink's {@code errors} array (often one stack trace per entry); empty if the body had none. */
    public List<String> errors() {
        return errors;
    }
}
