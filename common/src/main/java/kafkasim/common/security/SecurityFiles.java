package kafkasim.common.security;

import java.nio.file.Path;

/**
 * Where a run's certificates and credentials are: {@code infra/security/} of its results folder, readable by its
 * owner only. Every client reads them from there: Kafka clients through their PEM settings and Kafka's
 * {@code FileConfigProvider}, so no password or key is ever part of a config file, an argument or a log line.
 *
 * <ul>
 *   <li>{@code ca.pem}: the run CA's certificate, the only one any client trusts;</li>
 *   <li>{@code <principal>.crt} / {@code <principal>.key}: its certificate chain and its PKCS#8 private key;</li>
 *   <li>{@code <principal>.keystore.pem}: both in one file (Kafka's {@code ssl.keystore.type=PEM});</li>
 *   <li>{@code <principal>.credentials}: {@code username}, {@code password} and Kafka's {@code sasl.jaas.config}
 *       as Java properties.</li>
 * </ul>
 */
public record SecurityFiles(Path dir) {
    public SecurityFiles {
        dir = dir.toAbsolutePath().normalize();
    }

    public Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    public Path certificateChain(String principal) {
        return dir.resolve(principal + ".crt");
    }

    public Path privateKey(String principal) {
        return dir.resolve(principal + ".key");
    }

    public Path keystorePem(String principal) {
        return dir.resolve(principal + ".keystore.pem");
    }

    public Path credentials(String principal) {
        return dir.resolve(principal + ".credentials");
    }
}
