package kafkasim.infra.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kafkasim.common.security.SecurityFiles;
import kafkasim.common.security.SecurityMode;
import kafkasim.infra.StartException;

/** The run's CA and certificates, checked with openssl, a tool kafkasim did not write (no network). */
class SecurityMaterialTest {
    @TempDir
    Path dir;

    @Test
    void opensslVerifiesServerAndClientCertificatesAgainstTheRunCa() throws Exception {
        SecurityMaterial m = SecurityMaterial.create(dir.resolve("security"), new SecurityMaterial.Request("run-1",
                SecurityMode.MTLS, Set.of("broker"), Set.of("device-a", "device-b"), Set.of(), Set.of("device-b")));
        SecurityFiles f = m.files();
        assertEquals("", openssl("verify", "-CAfile", f.caCertificate().toString(), "-purpose", "sslserver",
                "-verify_ip", "127.0.0.1", f.certificateChain("broker").toString()).replace(
                f.certificateChain("broker") + ": OK\n", ""));
        openssl("verify", "-CAfile", f.caCertificate().toString(), "-verify_hostname", "localhost",
                f.certificateChain("broker").toString());
        openssl("verify", "-CAfile", f.caCertificate().toString(), "-purpose", "sslclient",
                f.certificateChain("device-a").toString());
        String subject = openssl("x509", "-noout", "-subject", "-in", f.certificateChain("device-a").toString());
        assertTrue(subject.contains("CN = device-a") || subject.contains("CN=device-a"), subject);
        // the key and the certificate belong together
        assertEquals(openssl("pkey", "-in", f.privateKey("device-a").toString(), "-pubout"),
                openssl("x509", "-noout", "-pubkey", "-in", f.certificateChain("device-a").toString()));
        assertFalse(Files.exists(f.certificateChain("device-b")), "a group refused for no certificate gets none");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.dir())));
        try (var files = Files.list(f.dir())) {
            for (Path p : files.toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
            }
        }
        assertTrue(m.registeredPasswords().isEmpty(), "mtls has no passwords");
    }

    @Test
    void aWrongPasswordPrincipalsFileHoldsAnotherPasswordThanTheRegisteredOne() throws Exception {
        SecurityMaterial m = SecurityMaterial.create(dir.resolve("s"), new SecurityMaterial.Request("r",
                SecurityMode.SASL_SSL, Set.of("broker"), Set.of("device-a", "device-x"), Set.of("device-x"), Set.of()));
        assertEquals(read(m.files(), "device-a").getProperty("password"), m.registeredPasswords().get("device-a"));
        assertNotEquals(read(m.files(), "device-x").getProperty("password"), m.registeredPasswords().get("device-x"));
        assertTrue(read(m.files(), "broker").getProperty("sasl.jaas.config").contains("username=\"broker\""));
        assertFalse(m.toString().contains(m.registeredPasswords().get("device-a")));
        assertEquals(Set.of("broker", "device-a", "device-x"), Set.copyOf(m.passwordPrincipals()));
        assertThrows(StartException.class, () -> SecurityMaterial.create(dir.resolve("s"), new SecurityMaterial
                .Request("r", SecurityMode.TLS, Set.of("broker"), Set.of(), Set.of(), Set.of())),
                "a run's keys are never mixed with another's");
    }

    @Test
    void plainMakesNothing() {
        SecurityMaterial m = SecurityMaterial.create(dir.resolve("p"), new SecurityMaterial.Request("r",
                SecurityMode.PLAIN, Set.of("broker"), Set.of("a"), Set.of(), Set.of()));
        assertFalse(Files.exists(dir.resolve("p")));
        assertTrue(m.registeredPasswords().isEmpty());
    }

    private static Properties read(SecurityFiles files, String principal) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(files.credentials(principal))) {
            p.load(in);
        }
        return p;
    }

    private static String openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + ": " + out);
        return out;
    }
}
