package kafkasim.common.security;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * What one MQTT client (a device group, a Flink job) needs to connect in the run's security mode: file paths only,
 * never a secret, so it may travel in config files, job specs and logs. The files are read when the client
 * connects ({@link #trustManagers()}, {@link #keyManagers()}, {@link #credentials()}).
 *
 * @param mode                 {@link SecurityMode}'s name (default {@code plain})
 * @param caFile               the CA the client trusts (every mode but plain)
 * @param certificateChainFile the client's certificate chain (mtls; absent: it connects without one)
 * @param privateKeyFile       its PKCS#8 key (with {@code certificateChainFile})
 * @param credentialsFile      a properties file with {@code username} and {@code password} (sasl_ssl; absent: no
 *                             username/password in CONNECT)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MqttClientSecurity(String mode, String caFile, String certificateChainFile, String privateKeyFile,
                                 String credentialsFile) implements Serializable {
    /** Plain TCP, anonymous: what every client did before security existed. */
    public static final MqttClientSecurity PLAIN = new MqttClientSecurity(SecurityMode.PLAIN.id(), null, null, null,
            null);

    public MqttClientSecurity {
        mode = mode == null ? SecurityMode.PLAIN.id() : mode;
    }

    /**
     * How {@code principal} connects in {@code mode}, like {@link KafkaClientSecurity#of}.
     *
     * @param credentials {@link GroupSecurity#VALID}, {@link GroupSecurity#WRONG_PASSWORD} (nothing differs here: its
     *                    credentials file holds the wrong password) or {@link GroupSecurity#NONE} (no client
     *                    certificate in mtls, no username/password in sasl_ssl)
     */
    public static MqttClientSecurity of(SecurityMode mode, SecurityFiles files, String principal, String credentials) {
        if (mode == SecurityMode.PLAIN) {
            return PLAIN;
        }
        boolean none = GroupSecurity.NONE.equals(credentials);
        boolean certificate = mode == SecurityMode.MTLS && !none;
        boolean password = mode == SecurityMode.SASL_SSL && !none;
        return new MqttClientSecurity(mode.id(), files.caCertificate().toString(),
                certificate ? files.certificateChain(principal).toString() : null,
                certificate ? files.privateKey(principal).toString() : null,
                password ? files.credentials(principal).toString() : null);
    }

    /** The mode (call on a checked value). */
    @JsonIgnore
    public SecurityMode securityMode() {
        return SecurityMode.of(mode);
    }

    /** Whether the connection is TLS. */
    @JsonIgnore
    public boolean encrypted() {
        return !SecurityMode.PLAIN.id().equals(mode);
    }

    /** What is wrong, each naming its field (relative to this object); empty when fine. Files are read later. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        var found = SecurityMode.find(mode);
        if (found.isEmpty()) {
            p.add("mode must be " + SecurityMode.choices() + ", got \"" + mode + "\"");
            return p;
        }
        SecurityMode m = found.get();
        if (m == SecurityMode.PLAIN) {
            if (caFile != null || certificateChainFile != null || privateKeyFile != null || credentialsFile != null) {
                p.add("mode \"plain\" takes no files (caFile, certificateChainFile, privateKeyFile, credentialsFile)");
            }
            return p;
        }
        absolute(p, "caFile", caFile, true);
        absolute(p, "certificateChainFile", certificateChainFile, false);
        absolute(p, "privateKeyFile", privateKeyFile, false);
        absolute(p, "credentialsFile", credentialsFile, false);
        if ((certificateChainFile == null) != (privateKeyFile == null)) {
            p.add("certificateChainFile and privateKeyFile go together, got only one");
        }
        if (certificateChainFile != null && m != SecurityMode.MTLS) {
            p.add("certificateChainFile needs mode \"mtls\", got \"" + mode + "\"");
        }
        if (credentialsFile != null && m != SecurityMode.SASL_SSL) {
            p.add("credentialsFile needs mode \"sasl_ssl\", got \"" + mode + "\"");
        }
        return p;
    }

    private static void absolute(List<String> p, String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                p.add(field + " is required in an encrypted mode");
            }
        } else if (value.isBlank() || !Path.of(value).isAbsolute()) {
            p.add(field + " must be an absolute path, got \"" + value + "\"");
        }
    }

    /** Trust for the broker's certificate; empty in plain mode. */
    public Optional<TrustManagerFactory> trustManagers() {
        return encrypted() ? Optional.of(PemTls.trustManagers(Path.of(caFile))) : Optional.empty();
    }

    /** The client certificate (mtls); empty without one. */
    public Optional<KeyManagerFactory> keyManagers() {
        return certificateChainFile == null ? Optional.empty()
                : Optional.of(PemTls.keyManagers(Path.of(certificateChainFile), Path.of(privateKeyFile)));
    }

    /** CONNECT's username and password (sasl_ssl); empty without. */
    public Optional<MqttCredentials> credentials() {
        return credentialsFile == null ? Optional.empty() : Optional.of(MqttCredentials.read(Path.of(credentialsFile)));
    }
}
