package kafkasim.common.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import kafkasim.common.json.Json;
import kafkasim.common.security.GroupSecurity;
import kafkasim.common.security.KafkaClientSecurity;
import kafkasim.common.security.SecurityFiles;
import kafkasim.common.security.SecurityMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecurityChecksTest {
    private static Scenario withSecurity(String security, String broker) throws ScenarioException {
        return ScenarioLoader.parse(ScenarioLoaderTest.GOOD.replace("\"durationSec\": 10,",
                "\"durationSec\": 10, \"broker\": \"" + broker + "\", \"security\": " + security + ","), "test");
    }

    @Test
    void aBlockGetsItsDefaultsAndAbsentMeansPlain() throws Exception {
        Scenario s = withSecurity("""
                { "mode": "sasl_ssl", "acl": true, "groups": { "boiler": { "credentials": "wrong-password" } } }""",
                "kafka");
        assertEquals(SecurityMode.SASL_SSL, s.security().securityMode());
        assertTrue(s.security().acl());
        assertEquals(new GroupSecurity("wrong-password", true), s.security().group("boiler"));
        assertEquals(GroupSecurity.DEFAULT, s.security().group("temperature"));
        assertTrue(s.security().hasNonConformingGroups());
        Scenario plain = ScenarioLoader.parse(ScenarioLoaderTest.GOOD, "test");
        assertEquals(SecurityMode.PLAIN, plain.security().securityMode());
        assertFalse(plain.security().acl());
        assertFalse(plain.security().hasNonConformingGroups());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{ \"mode\": \"ssl\" }|kafka|security.mode must be \"plain\", \"tls\", \"sasl_ssl\" or \"mtls\", got \"ssl\"",
        "{ \"mode\": \"tls\", \"acl\": true }|kafka|security.acl needs a mode in which the broker knows who connects",
        "{ \"acl\": true }|kafka|security.acl needs a mode in which the broker knows who connects",
        "{ \"mode\": \"mtls\", \"groups\": { \"pump\": {} } }|kafka|security.groups.pump names no device group"
            + " (the types are \"temperature\", \"boiler\")",
        "{ \"mode\": \"mtls\", \"groups\": { \"boiler\": { \"credentials\": \"wrong-password\" } } }|kafka"
            + "|security.groups.boiler.credentials \"wrong-password\" needs mode \"sasl_ssl\"",
        "{ \"mode\": \"tls\", \"groups\": { \"boiler\": { \"credentials\": \"none\" } } }|kafka"
            + "|security.groups.boiler.credentials \"none\" needs mode \"sasl_ssl\" or \"mtls\"",
        "{ \"mode\": \"sasl_ssl\", \"groups\": { \"boiler\": { \"credentials\": \"none\" } } }|kafka"
            + "|with mode \"sasl_ssl\" is MQTT only",
        "{ \"mode\": \"sasl_ssl\", \"groups\": { \"boiler\": { \"credentials\": \"guess\" } } }|kafka"
            + "|security.groups.boiler.credentials must be \"valid\", \"wrong-password\" or \"none\", got \"guess\"",
        "{ \"mode\": \"mtls\", \"groups\": { \"boiler\": { \"withinAcl\": false } } }|kafka"
            + "|security.groups.boiler.withinAcl false needs security.acl true",
        "{ \"mode\": \"mtls\", \"password\": \"x\" }|kafka|security.password is not a known field",
    })
    void aBadBlockNamesTheField(String security, String broker, String expected) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> withSecurity(security, broker));
        assertTrue(e.getMessage().contains(expected), () -> "expected <" + expected + "> in:\n" + e.getMessage());
    }

    @Test
    void noCredentialsInSaslIsAnMqttCase() throws Exception {
        Scenario s = withSecurity("{ \"mode\": \"sasl_ssl\", \"groups\": { \"boiler\": { \"credentials\": \"none\" } } }",
                "mqtt");
        assertEquals(GroupSecurity.NONE, s.security().group("boiler").credentials());
    }

    @Test
    void kafkaClientPropertiesReferToTheCredentialsAndTravelAsAPlainMap() throws Exception {
        SecurityFiles files = new SecurityFiles(Path.of("/r/infra/security"));
        KafkaClientSecurity sasl = KafkaClientSecurity.of(SecurityMode.SASL_SSL, files, "job-fast", GroupSecurity.VALID);
        assertEquals("SASL_SSL", sasl.properties().get("security.protocol"));
        assertEquals("${file:/r/infra/security/job-fast.credentials:sasl.jaas.config}",
                sasl.properties().get("sasl.jaas.config"));
        assertEquals("/r/infra/security/ca.pem", sasl.properties().get("ssl.truststore.location"));
        String json = Json.mapper().writeValueAsString(sasl);
        assertTrue(json.startsWith("{\"config.providers\":\"file\""), json);
        assertEquals(sasl, Json.mapper().readValue(json, KafkaClientSecurity.class));
        KafkaClientSecurity mtls = KafkaClientSecurity.of(SecurityMode.MTLS, files, "device-x", GroupSecurity.VALID);
        assertEquals("/r/infra/security/device-x.keystore.pem", mtls.properties().get("ssl.keystore.location"));
        assertFalse(KafkaClientSecurity.of(SecurityMode.MTLS, files, "device-x", GroupSecurity.NONE).properties()
                .containsKey("ssl.keystore.location"), "no certificate: refused in the handshake");
        assertEquals(Map.of(), KafkaClientSecurity.of(SecurityMode.PLAIN, files, "x", GroupSecurity.VALID).properties());
    }
}
