package kafkasim.infra.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import kafkasim.common.security.MqttAcl;
import kafkasim.common.security.SecurityFiles;
import kafkasim.common.security.SecurityMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoSecurityTest {
    private static final SecurityFiles FILES = new SecurityFiles(Path.of("/run/sec"));
    private static final MqttAcl ACL = new MqttAcl(Set.of("a", "b", "bad"), Set.of("bad"), Set.of("job-fast"));

    @Test
    void plainIsAnonymous(@TempDir Path dir) throws Exception {
        assertEquals(List.of("allow_anonymous true"), MosquittoSecurity.prepare(MqttBrokerSecurity.PLAIN, dir));
        assertFalse(Files.exists(dir.resolve(PrivateFiles.DIR)));
    }

    @Test
    void saslSslRefusesAnonymousAndWritesHashesOwnerOnly(@TempDir Path dir) throws Exception {
        MqttBrokerSecurity s = new MqttBrokerSecurity(SecurityMode.SASL_SSL, FILES,
                Map.of("device-a", "pw-of-a", "job-fast", "pw-of-fast"), Optional.of(ACL));
        List<String> lines = MosquittoSecurity.prepare(s, dir);
        Path sec = dir.resolve(PrivateFiles.DIR);
        assertEquals(List.of("cafile /run/sec/ca.pem", "certfile /run/sec/mqtt-broker.crt",
                "keyfile /run/sec/mqtt-broker.key", "allow_anonymous false",
                "password_file " + sec.resolve(MosquittoSecurity.PASSWORD_FILE),
                "acl_file " + sec.resolve(MosquittoSecurity.ACL_FILE)), lines);
        String passwords = Files.readString(sec.resolve(MosquittoSecurity.PASSWORD_FILE));
        assertTrue(passwords.startsWith("device-a:$7$101$"), passwords);
        assertFalse(passwords.contains("pw-of"), "hashes only");
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(sec.resolve(MosquittoSecurity.PASSWORD_FILE)));
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(sec));
        assertFalse(s.toString().contains("pw-of"), s.toString());
    }

    @Test
    void mtlsTakesTheCertificatesNameAsUser(@TempDir Path dir) throws Exception {
        List<String> lines = MosquittoSecurity.prepare(new MqttBrokerSecurity(SecurityMode.MTLS, FILES, Map.of(),
                Optional.empty()), dir);
        assertTrue(lines.containsAll(List.of("allow_anonymous false", "require_certificate true",
                "use_identity_as_username true")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("password_file") || l.startsWith("acl_file")));
        assertTrue(MosquittoSecurity.prepare(new MqttBrokerSecurity(SecurityMode.TLS, FILES, Map.of(),
                Optional.empty()), dir).contains("allow_anonymous true"), "tls: encrypted, anonymous");
    }

    @Test
    void theAclBindsDevicesToTheirClientIdAndTypeAndRefusesTheOutsideGroup() {
        assertEquals("""
                # written by kafkasim at every start: changes here are overwritten
                pattern write devices/+/%c/telemetry

                user device-a
                topic deny devices/b/#
                topic deny devices/bad/#

                user device-b
                topic deny devices/a/#
                topic deny devices/bad/#

                user device-bad
                topic deny devices/#

                user job-fast
                topic read devices/+/+/telemetry
                """, MosquittoSecurity.aclText(ACL));
    }

    @Test
    void theConfigCarriesTheSecurityLinesAfterTheListener() {
        List<String> lines = new MosquittoConfig(8883, Path.of("/d/data"), "root", java.util.OptionalInt.empty(),
                java.util.OptionalInt.empty(), true, List.of("cafile /ca.pem", "allow_anonymous false"))
                .text().lines().toList();
        assertEquals("listener 8883 127.0.0.1", lines.get(1));
        assertEquals("cafile /ca.pem", lines.get(2), "listener options follow their listener");
        assertFalse(lines.contains("allow_anonymous true"));
    }
}
