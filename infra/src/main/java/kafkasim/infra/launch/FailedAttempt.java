package kafkasim.infra.launch;

import java.util.Objects;

/**
 * What an attempt that did not get ready leaves behind, as its server judges it.
 *
 * @param portTaken whether a port taken by someone else between choosing and binding is to blame: then another
 *                  attempt on fresh ports may succeed
 * @param message   the {@link kafkasim.infra.StartException}'s message if no attempt follows: what failed, where
 *                  the log is, the log's first error and last lines
 */
public record FailedAttempt(boolean portTaken, String message) {
    public FailedAttempt {
        Objects.requireNonNull(message, "message");
    }
}
