package kafkasim.common.security;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The Kafka client properties that connect one principal with the run's security mode: {@code security.protocol},
 * PEM trust and key stores, SASL. A password is only ever a reference, {@code ${file:<credentials>:password}},
 * that Kafka's own {@code FileConfigProvider} resolves inside the client, so these properties may be written to
 * config files, job specs and logs. In JSON it is the plain property map; {@link #NONE} is the empty map.
 */
public record KafkaClientSecurity(Map<String, String> properties) implements Serializable {
    /** Plaintext, anonymous. */
    public static final KafkaClientSecurity NONE = new KafkaClientSecurity(Map.of());
    static final String PROVIDERS = "config.providers";
    static final String FILE_PROVIDER = "org.apache.kafka.common.config.provider.FileConfigProvider";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public KafkaClientSecurity {
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    @JsonValue
    @Override
    public Map<String, String> properties() {
        return properties;
    }

    /**
     * How {@code principal} connects in {@code mode}.
     *
     * @param credentials {@link GroupSecurity#VALID} or a deviation: {@link GroupSecurity#NONE} leaves out the
     *                    client certificate (mtls); a wrong password needs nothing here (its credentials file holds
     *                    it)
     */
    public static KafkaClientSecurity of(SecurityMode mode, SecurityFiles files, String principal,
                                         String credentials) {
        if (mode == SecurityMode.PLAIN) {
            return NONE;
        }
        Map<String, String> p = new TreeMap<>();
        p.put("security.protocol", mode.kafkaProtocol());
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", files.caCertificate().toString());
        // the run CA signs certificates for 127.0.0.1 and localhost; Kafka checks the host name (its default "https")
        p.put("ssl.endpoint.identification.algorithm", "https");
        if (mode == SecurityMode.MTLS && !GroupSecurity.NONE.equals(credentials)) {
            p.put("ssl.keystore.type", "PEM");
            p.put("ssl.keystore.location", files.keystorePem(principal).toString());
        }
        if (mode == SecurityMode.SASL_SSL) {
            p.put(PROVIDERS, "file");
            p.put(PROVIDERS + ".file.class", FILE_PROVIDER);
            p.put("sasl.mechanism", "SCRAM-SHA-512");
            p.put("sasl.jaas.config", "${file:" + files.credentials(principal) + ":sasl.jaas.config}");
        }
        return new KafkaClientSecurity(p);
    }

    public boolean isPlain() {
        return properties.isEmpty();
    }

    /** These properties added to {@code target} (they replace any of the same name). */
    public Properties applyTo(Properties target) {
        target.putAll(properties);
        return target;
    }

    /** These properties added to {@code target} (they replace any of the same name). */
    public <M extends Map<String, Object>> M applyTo(M target) {
        target.putAll(properties);
        return target;
    }
}
