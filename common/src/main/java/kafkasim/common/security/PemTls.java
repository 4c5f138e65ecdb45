package kafkasim.common.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS material from the PEM files of {@link SecurityFiles}, with the JDK alone: the clients (devices, Flink jobs) and
 * the HiveMQ broker JVM read the run's certificates without BouncyCastle on their classpath. Keys are unencrypted
 * PKCS#8 ({@code BEGIN PRIVATE KEY}), EC (what the run CA issues) or RSA.
 *
 * <p>Every error names the file and what is wrong with it, never its content.
 */
public final class PemTls {
    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String KEY_END = "-----END PRIVATE KEY-----";
    /** The in-memory stores' alias; the stores never leave the JVM that made them (HiveMQ's is written 0600). */
    public static final String KEY_ALIAS = "kafkasim";

    private PemTls() {
    }

    /** Trusts exactly the certificates of {@code caPem} (the run CA). */
    public static TrustManagerFactory trustManagers(Path caPem) {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(trustStore(caPem));
            return f;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot trust the CA certificate " + caPem + ": " + e.getMessage(), e);
        }
    }

    /** Presents the chain of {@code chainPem} with the key of {@code keyPem}. */
    public static KeyManagerFactory keyManagers(Path chainPem, Path keyPem) {
        char[] password = new char[0]; // the store lives in this JVM only
        try {
            KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            f.init(keyStore(chainPem, keyPem, password), password);
            return f;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the certificate " + chainPem + " with the key " + keyPem
                    + ": " + e.getMessage(), e);
        }
    }

    /** A PKCS#12 store of the certificates of {@code caPem} as trusted entries. */
    public static KeyStore trustStore(Path caPem) {
        List<X509Certificate> cas = certificates(caPem);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot make a trust store of " + caPem + ": " + e, e);
        }
    }

    /** A PKCS#12 store holding {@code keyPem}'s key with {@code chainPem}'s chain under {@link #KEY_ALIAS}. */
    public static KeyStore keyStore(Path chainPem, Path keyPem, char[] password) {
        List<X509Certificate> chain = certificates(chainPem);
        PrivateKey key = privateKey(keyPem);
        if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("the key " + keyPem + " (" + key.getAlgorithm() + ") does not belong to "
                    + "the certificate " + chainPem + " (" + chain.get(0).getPublicKey().getAlgorithm() + ")");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(KEY_ALIAS, key, password, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot make a key store of " + chainPem + " and " + keyPem + ": "
                    + e.getMessage(), e);
        }
    }

    /** The X.509 certificates of a PEM file, in order; at least one. */
    public static List<X509Certificate> certificates(Path pem) {
        byte[] bytes = read(pem, "certificate");
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("the certificate file " + pem + " holds no certificate");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the certificate file " + pem + " is not PEM X.509: "
                    + e.getMessage(), e);
        }
    }

    /** The unencrypted PKCS#8 private key of a PEM file. */
    public static PrivateKey privateKey(Path pem) {
        String text = new String(read(pem, "private key"), StandardCharsets.US_ASCII);
        int begin = text.indexOf(KEY_BEGIN);
        int end = text.indexOf(KEY_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the private key file " + pem + " holds no unencrypted PKCS#8 key ("
                    + KEY_BEGIN + "); convert it with `openssl pkcs8 -topk8 -nocrypt`");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + KEY_BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the private key file " + pem + " is not valid Base64");
        }
        for (String algorithm : List.of("EC", "RSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException wrongAlgorithm) {
                // the next one
            }
        }
        throw new IllegalArgumentException("the private key file " + pem + " holds neither an EC nor an RSA key");
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the " + what + " file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the " + what + " file " + file + ": " + e, e);
        }
    }
}
