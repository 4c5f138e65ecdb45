package kafkasim.common.security;

/**
 * Why a broker refused a client, as {@code summary.json}'s {@code security.rejected} counts it per device group.
 * Each transport classifies its own client library's errors ({@code Transport.rejectionOf}).
 */
public enum Rejection {
    /** Wrong or missing credentials (SCRAM, MQTT username/password). */
    AUTHENTICATION("authentication"),
    /** Authenticated, but the ACL does not let this principal do it. */
    AUTHORISATION("authorisation"),
    /** The TLS handshake failed (no or untrusted client certificate, untrusted server). */
    TLS("tls");

    private final String id;

    Rejection(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
