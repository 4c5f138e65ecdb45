package kafkasim.infra;

/** Embedded infrastructure could not be started; the message says what failed and where the log is. */
public final class StartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartException(String message) {
        super(message);
    }

    public StartException(String message, Throwable cause) {
        super(message, cause);
    }
}
