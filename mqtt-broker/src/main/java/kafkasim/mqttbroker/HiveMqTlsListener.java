package kafkasim.mqttbroker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import kafkasim.common.mqtt.HiveMqSecuritySpec;
import kafkasim.common.security.PemTls;
import kafkasim.common.security.SecurityMode;

/**
 * HiveMQ's TLS listener: HiveMQ reads only key stores (JKS/PKCS#12), so the run's PEM certificate and key are put
 * into a PKCS#12 store in this JVM ({@link PemTls}, no BouncyCastle), with a password made here at every start. The
 * stores and {@code config.xml}, which must hold that password, are owner-only files in the broker's data directory;
 * the password is in no argument and no log line.
 *
 * @param requireClientCertificate mtls: the handshake fails without a certificate signed by the run CA
 */
record HiveMqTlsListener(Path keyStore, String keyStorePassword, Optional<Path> trustStore, String trustStorePassword,
                         boolean requireClientCertificate) {
    static final String KEY_STORE = "hivemq-keystore.p12";
    static final String TRUST_STORE = "hivemq-truststore.p12";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Writes the stores {@code spec} needs into {@code dir} (owner-only) and describes the listener. */
    static HiveMqTlsListener create(HiveMqSecuritySpec spec, Path dir) throws IOException {
        Files.createDirectories(dir);
        String password = newPassword();
        Path keyStore = dir.resolve(KEY_STORE);
        write(PemTls.keyStore(spec.certificateChainFile(), spec.privateKeyFile(), password.toCharArray()), keyStore,
                password);
        Optional<Path> trustStore = Optional.empty();
        boolean mtls = spec.mode() == SecurityMode.MTLS;
        if (mtls) {
            trustStore = Optional.of(dir.resolve(TRUST_STORE));
            write(PemTls.trustStore(spec.caFile()), trustStore.get(), password);
        }
        return new HiveMqTlsListener(keyStore, password, trustStore, password, mtls);
    }

    private static void write(KeyStore store, Path file, String password) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("could not write the key store " + file + ": " + e.getMessage(), e);
        }
    }

    private static String newPassword() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The {@code <tls>} element of {@code config.xml} (indented for its place in the listener). */
    String tlsXml() {
        StringBuilder xml = new StringBuilder()
                .append("            <tls>\n")
                .append("                <keystore>\n")
                .append("                    <path>").append(HiveMqLayout.escape(keyStore.toString())).append("</path>\n")
                .append("                    <password>").append(keyStorePassword).append("</password>\n")
                .append("                    <private-key-password>").append(keyStorePassword)
                .append("</private-key-password>\n")
                .append("                </keystore>\n");
        trustStore.ifPresent(t -> xml.append("                <truststore>\n")
                .append("                    <path>").append(HiveMqLayout.escape(t.toString())).append("</path>\n")
                .append("                    <password>").append(trustStorePassword).append("</password>\n")
                .append("                </truststore>\n"));
        xml.append("                <client-authentication-mode>").append(requireClientCertificate ? "REQUIRED" : "NONE")
                .append("</client-authentication-mode>\n");
        return xml.append("            </tls>\n").toString();
    }

    @Override
    public String toString() {
        // never the passwords
        return "HiveMqTlsListener[" + keyStore + ", client certificate " + (requireClientCertificate ? "required"
                : "not asked for") + "]";
    }
}
