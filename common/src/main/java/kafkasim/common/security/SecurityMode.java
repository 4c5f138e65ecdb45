package kafkasim.common.security;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How every client of a run's brokers connects: the scenario's {@code security.mode}. The same four modes exist on
 * both architectures; each broker maps them to its own listener settings.
 */
public enum SecurityMode {
    /** No encryption, no authentication: today's default. */
    PLAIN("plain"),
    /** TLS with the run CA's server certificate; clients stay anonymous. */
    TLS("tls"),
    /** TLS, and a username/password per principal (Kafka: SCRAM-SHA-512; MQTT: CONNECT's username and password). */
    SASL_SSL("sasl_ssl"),
    /** TLS with a client certificate per principal (its CN is the principal). */
    MTLS("mtls");

    private final String id;

    SecurityMode(String id) {
        this.id = id;
    }

    /** The name in scenarios, flags and {@code summary.json}. */
    public String id() {
        return id;
    }

    /** Whether traffic is encrypted (every mode but {@link #PLAIN}). */
    public boolean encrypts() {
        return this != PLAIN;
    }

    /** Whether the broker knows who a client is, which ACLs need. */
    public boolean authenticates() {
        return this == SASL_SSL || this == MTLS;
    }

    /** Kafka's {@code security.protocol} for this mode. */
    public String kafkaProtocol() {
        return switch (this) {
            case PLAIN -> "PLAINTEXT";
            case TLS, MTLS -> "SSL";
            case SASL_SSL -> "SASL_SSL";
        };
    }

    public static Optional<SecurityMode> find(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    public static SecurityMode of(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("must be " + choices() + ", got \"" + id
                + "\""));
    }

    /** {@code "plain", "tls", "sasl_ssl" or "mtls"}. */
    public static String choices() {
        String[] quoted = Arrays.stream(values()).map(m -> "\"" + m.id + "\"").toArray(String[]::new);
        return Arrays.stream(quoted, 0, quoted.length - 1).collect(Collectors.joining(", ")) + " or "
                + quoted[quoted.length - 1];
    }

    @Override
    public String toString() {
        return id;
    }
}
