package kafkasim.common.mqtt;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import kafkasim.common.security.MqttAcl;
import kafkasim.common.security.SecurityMode;

/**
 * What the HiveMQ broker JVM needs for a secured listener, as the Java properties file {@code --security FILE}
 * ({@link HiveMqBrokerArgs}): paths and the ACL, no secret (the passwords are Mosquitto-format hashes in
 * {@code passwordFile}). The launcher writes it owner-only beside the broker's data; the broker reads it at start.
 *
 * @param mode                 tls, sasl_ssl or mtls
 * @param caFile               the run CA (clients' certificates are checked against it in mtls)
 * @param certificateChainFile the broker's certificate chain (PEM)
 * @param privateKeyFile       its PKCS#8 key
 * @param passwordFile         sasl_ssl: {@code user:$7$…} lines; null otherwise
 * @param acl                  who may publish and subscribe; null: every authenticated client may do anything
 */
public record HiveMqSecuritySpec(SecurityMode mode, Path caFile, Path certificateChainFile, Path privateKeyFile,
                                 Path passwordFile, MqttAcl acl) {
    public HiveMqSecuritySpec {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(certificateChainFile, "certificateChainFile");
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        if (mode == SecurityMode.PLAIN) {
            throw new IllegalArgumentException("a secured listener needs a mode that encrypts, got plain");
        }
        if ((mode == SecurityMode.SASL_SSL) != (passwordFile != null)) {
            throw new IllegalArgumentException("a password file goes with mode sasl_ssl only (mode " + mode + ")");
        }
        if (acl != null && !mode.authenticates()) {
            throw new IllegalArgumentException("an ACL needs a mode that authenticates, got " + mode);
        }
    }

    /** The file's text. */
    public String text() {
        Properties p = new Properties();
        p.setProperty("mode", mode.id());
        p.setProperty("caFile", caFile.toString());
        p.setProperty("certificateChainFile", certificateChainFile.toString());
        p.setProperty("privateKeyFile", privateKeyFile.toString());
        if (passwordFile != null) {
            p.setProperty("passwordFile", passwordFile.toString());
        }
        if (acl != null) {
            p.setProperty("acl.deviceTypes", String.join(",", new TreeSet<>(acl.deviceTypes())));
            p.setProperty("acl.refusedTypes", String.join(",", new TreeSet<>(acl.refusedTypes())));
            p.setProperty("acl.readers", String.join(",", new TreeSet<>(acl.readers())));
        }
        StringWriter out = new StringWriter();
        try {
            p.store(out, "kafkasim: the HiveMQ broker's TLS listener, authentication and ACL");
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /**
     * Reads a file written from {@link #text()}.
     *
     * @throws IllegalArgumentException naming the file and the missing or wrong entry
     */
    public static HiveMqSecuritySpec read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the security file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the security file " + file + ": " + e, e);
        }
        try {
            MqttAcl acl = p.getProperty("acl.deviceTypes") == null ? null : new MqttAcl(
                    set(p, "acl.deviceTypes"), set(p, "acl.refusedTypes"), set(p, "acl.readers"));
            String passwords = p.getProperty("passwordFile");
            return new HiveMqSecuritySpec(SecurityMode.of(required(p, "mode")), Path.of(required(p, "caFile")),
                    Path.of(required(p, "certificateChainFile")), Path.of(required(p, "privateKeyFile")),
                    passwords == null ? null : Path.of(passwords), acl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the security file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
        return v;
    }

    private static Set<String> set(Properties p, String key) {
        String v = p.getProperty(key, "");
        return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
