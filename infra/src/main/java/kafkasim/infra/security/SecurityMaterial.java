package kafkasim.infra.security;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import kafkasim.common.security.SecurityFiles;
import kafkasim.common.security.SecurityMode;
import kafkasim.infra.StartException;

/**
 * A run's certificates and credentials, made before any broker starts and written to {@link SecurityFiles} (a
 * folder and files only their owner can read). The passwords the brokers register are returned here, in memory,
 * and nowhere else: a principal meant to be refused for a wrong password gets a different one in its credentials
 * file.
 */
public final class SecurityMaterial {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What a run needs.
     *
     * @param servers           principals that serve TLS (Kafka brokers, the MQTT broker): a certificate in every
     *                          encrypted mode
     * @param clients           every other principal: a certificate in mtls, a password in sasl_ssl
     * @param wrongPassword     clients whose credentials file holds a password the brokers do not know
     * @param withoutCertificate clients that get no certificate (mtls' refused-for-no-certificate groups)
     */
    public record Request(String runName, SecurityMode mode, Set<String> servers, Set<String> clients,
                          Set<String> wrongPassword, Set<String> withoutCertificate) {
    }

    private final SecurityFiles files;
    private final SecurityMode mode;
    private final Map<String, String> registeredPasswords;

    private SecurityMaterial(SecurityFiles files, SecurityMode mode, Map<String, String> registeredPasswords) {
        this.files = files;
        this.mode = mode;
        this.registeredPasswords = Collections.unmodifiableMap(registeredPasswords);
    }

    /**
     * Makes everything {@code request} needs in {@code dir} (which must not exist yet: a run's keys are never
     * mixed with another's). In mode plain nothing is made.
     */
    public static SecurityMaterial create(Path dir, Request request) {
        SecurityFiles files = new SecurityFiles(dir);
        Map<String, String> passwords = new LinkedHashMap<>();
        if (request.mode() == SecurityMode.PLAIN) {
            return new SecurityMaterial(files, request.mode(), passwords);
        }
        try {
            Files.createDirectories(files.dir().getParent());
            Files.createDirectory(files.dir(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            RunCertificateAuthority ca = new RunCertificateAuthority(request.runName());
            writePrivate(files.caCertificate(), RunCertificateAuthority.pem(List.of(ca.certificate())));
            for (String server : request.servers()) {
                writeKeys(files, server, ca.issue(server, true), ca);
            }
            for (String client : request.clients()) {
                if (request.mode() == SecurityMode.MTLS && !request.withoutCertificate().contains(client)) {
                    writeKeys(files, client, ca.issue(client, false), ca);
                }
                if (request.mode() == SecurityMode.SASL_SSL) {
                    String password = newPassword();
                    passwords.put(client, password);
                    writeCredentials(files, client,
                            request.wrongPassword().contains(client) ? newPassword() : password);
                }
            }
            if (request.mode() == SecurityMode.SASL_SSL) {
                // the brokers authenticate each other with SCRAM too: their password is registered like any other
                for (String server : request.servers()) {
                    String password = newPassword();
                    passwords.put(server, password);
                    writeCredentials(files, server, password);
                }
            }
        } catch (FileAlreadyExistsException e) {
            throw new StartException("the security folder " + files.dir() + " exists already: a run's keys are"
                    + " made fresh for it; choose another results folder");
        } catch (IOException | GeneralSecurityException e) {
            throw new StartException("could not make the run's certificates in " + files.dir() + ": " + e, e);
        }
        return new SecurityMaterial(files, request.mode(), passwords);
    }

    public SecurityFiles files() {
        return files;
    }

    public SecurityMode mode() {
        return mode;
    }

    /** Principal → the password the brokers must accept (sasl_ssl only); never written anywhere by kafkasim. */
    public Map<String, String> registeredPasswords() {
        return registeredPasswords;
    }

    /** The principals with a registered password. */
    public Collection<String> passwordPrincipals() {
        return registeredPasswords.keySet();
    }

    private static void writeKeys(SecurityFiles files, String principal, RunCertificateAuthority.Issued issued,
                                  RunCertificateAuthority ca) throws IOException {
        String chain = RunCertificateAuthority.pem(List.of(issued.certificate(), ca.certificate()));
        String key = RunCertificateAuthority.pem(issued.keys());
        writePrivate(files.certificateChain(principal), chain);
        writePrivate(files.privateKey(principal), key);
        writePrivate(files.keystorePem(principal), key + chain);
    }

    private static void writeCredentials(SecurityFiles files, String principal, String password) throws IOException {
        Properties p = new Properties();
        p.setProperty("username", principal);
        p.setProperty("password", password);
        p.setProperty("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + principal + "\" password=\"" + password + "\";");
        StringWriter text = new StringWriter();
        p.store(text, "kafkasim: " + principal + "'s credentials for this run");
        writePrivate(files.credentials(principal), text.toString());
    }

    /** Written with owner-only permissions from the start: no moment at which another user could read it. */
    static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(text);
        }
    }

    /** 24 random bytes, URL-safe Base64: nothing to quote in JAAS, Mosquitto or properties files. */
    static String newPassword() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public String toString() {
        // never the passwords
        return "SecurityMaterial[" + mode + ", " + files.dir() + ", " + registeredPasswords.size() + " passwords]";
    }
}
