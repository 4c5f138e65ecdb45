package kafkasim.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kafkasim.common.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttClientSecurityTest {
    private final SecurityFiles files = new SecurityFiles(Path.of("/run/sec"));

    @Test
    void eachModeNamesTheFilesItNeeds() {
        assertEquals(MqttClientSecurity.PLAIN, MqttClientSecurity.of(SecurityMode.PLAIN, files, "device-a", "valid"));
        MqttClientSecurity tls = MqttClientSecurity.of(SecurityMode.TLS, files, "device-a", "valid");
        assertEquals(new MqttClientSecurity("tls", "/run/sec/ca.pem", null, null, null), tls);
        assertEquals(new MqttClientSecurity("sasl_ssl", "/run/sec/ca.pem", null, null, "/run/sec/device-a.credentials"),
                MqttClientSecurity.of(SecurityMode.SASL_SSL, files, "device-a", GroupSecurity.WRONG_PASSWORD));
        assertNull(MqttClientSecurity.of(SecurityMode.SASL_SSL, files, "device-a", GroupSecurity.NONE)
                .credentialsFile());
        assertEquals(new MqttClientSecurity("mtls", "/run/sec/ca.pem", "/run/sec/device-a.crt", "/run/sec/device-a.key",
                null), MqttClientSecurity.of(SecurityMode.MTLS, files, "device-a", "valid"));
        assertEquals(new MqttClientSecurity("mtls", "/run/sec/ca.pem", null, null, null),
                MqttClientSecurity.of(SecurityMode.MTLS, files, "device-a", GroupSecurity.NONE));
        for (SecurityMode m : SecurityMode.values()) {
            assertEquals(List.of(), MqttClientSecurity.of(m, files, "p", "valid").problems(), m.id());
        }
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        MqttClientSecurity mtls = MqttClientSecurity.of(SecurityMode.MTLS, files, "job-fast", "valid");
        String json = Json.mapper().writeValueAsString(mtls);
        assertEquals(mtls, Json.mapper().readValue(json, MqttClientSecurity.class));
        assertEquals("{\"mode\":\"plain\"}", Json.mapper().writeValueAsString(MqttClientSecurity.PLAIN));
        assertEquals(MqttClientSecurity.PLAIN, Json.mapper().readValue("{}", MqttClientSecurity.class));
    }

    @Test
    void problemsNameTheField() {
        assertEquals(List.of("mode must be \"plain\", \"tls\", \"sasl_ssl\" or \"mtls\", got \"ssl\""),
                new MqttClientSecurity("ssl", null, null, null, null).problems());
        assertEquals(List.of("caFile is required in an encrypted mode"),
                new MqttClientSecurity("tls", null, null, null, null).problems());
        assertEquals(List.of("caFile must be an absolute path, got \"ca.pem\"",
                        "certificateChainFile and privateKeyFile go together, got only one",
                        "certificateChainFile needs mode \"mtls\", got \"sasl_ssl\""),
                new MqttClientSecurity("sasl_ssl", "ca.pem", "/a.crt", null, null).problems());
        assertEquals(List.of("mode \"plain\" takes no files (caFile, certificateChainFile, privateKeyFile,"
                + " credentialsFile)"), new MqttClientSecurity("plain", "/ca.pem", null, null, null).problems());
    }

    @Test
    void credentialsAreReadNeverShown(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("device-a.credentials");
        Files.writeString(file, "username=device-a\npassword=Zm9vYmFy-secret\n");
        MqttClientSecurity s = new MqttClientSecurity("sasl_ssl", dir.resolve("ca.pem").toString(), null, null,
                file.toString());
        MqttCredentials c = s.credentials().orElseThrow();
        assertEquals("device-a", c.username());
        assertEquals("Zm9vYmFy-secret", new String(c.password()));
        assertFalse(c.toString().contains("secret"), c.toString());

        Files.writeString(file, "username=device-a\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::credentials);
        assertEquals("the credentials file " + file + " needs a username and a password", e.getMessage());
        Path missing = dir.resolve("nope");
        e = assertThrows(IllegalArgumentException.class, () -> MqttCredentials.read(missing));
        assertEquals("the credentials file " + missing + " does not exist", e.getMessage());
        assertTrue(MqttClientSecurity.PLAIN.credentials().isEmpty());
    }
}
