package kafkasim.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM material made by OpenSSL (an EC P-256 CA and a client certificate it signed), read with the JDK alone. */
class PemTlsTest {
    @TempDir
    static Path dir;
    static Path ca;
    static Path chain;
    static Path key;

    @BeforeAll
    static void makeMaterial() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=test CA", "-days", "1");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=device-a");
        openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "client.pem", "-days", "1");
        ca = dir.resolve("ca.pem");
        key = dir.resolve("client.key");
        chain = dir.resolve("client.crt");
        Files.writeString(chain, Files.readString(dir.resolve("client.pem")) + Files.readString(ca));
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void trustsTheCa() throws Exception {
        X509TrustManager tm = (X509TrustManager) PemTls.trustManagers(ca).getTrustManagers()[0];
        assertEquals(1, tm.getAcceptedIssuers().length);
        X509Certificate[] clientChain = PemTls.certificates(chain).toArray(X509Certificate[]::new);
        tm.checkClientTrusted(clientChain, "ECDHE_ECDSA"); // throws if not signed by the CA
    }

    @Test
    void presentsTheClientCertificateWithItsEcKey() {
        X509KeyManager km = (X509KeyManager) PemTls.keyManagers(chain, key).getKeyManagers()[0];
        assertNotNull(km.getPrivateKey(PemTls.KEY_ALIAS));
        assertEquals("EC", km.getPrivateKey(PemTls.KEY_ALIAS).getAlgorithm());
        assertEquals(2, km.getCertificateChain(PemTls.KEY_ALIAS).length);
        assertTrue(km.getCertificateChain(PemTls.KEY_ALIAS)[0].getSubjectX500Principal().getName()
                .contains("CN=device-a"));
    }

    @Test
    void aKeyStoreForBrokersThatWantOne() throws Exception {
        char[] password = "x".toCharArray();
        KeyStore store = PemTls.keyStore(chain, key, password);
        assertTrue(store.isKeyEntry(PemTls.KEY_ALIAS));
        assertEquals(1, PemTls.trustStore(ca).size());
    }

    @Test
    void badFilesAreNamedNeverQuoted() throws Exception {
        Path missing = dir.resolve("nope.pem");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PemTls.trustManagers(missing));
        assertEquals("the certificate file " + missing + " does not exist", e.getMessage());

        // a certificate where the key should be: named, and nothing of the file's text in the message
        e = assertThrows(IllegalArgumentException.class, () -> PemTls.keyManagers(chain, ca));
        assertTrue(e.getMessage().contains(ca.toString()) && e.getMessage().contains("PKCS#8"), e.getMessage());
        assertFalse(e.getMessage().contains("MII"), e.getMessage());

        Path garbage = dir.resolve("garbage.key");
        Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        e = assertThrows(IllegalArgumentException.class, () -> PemTls.privateKey(garbage));
        assertEquals("the private key file " + garbage + " holds neither an EC nor an RSA key", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> PemTls.certificates(key));
        assertTrue(e.getMessage().startsWith("the certificate file " + key), e.getMessage());
    }
}
