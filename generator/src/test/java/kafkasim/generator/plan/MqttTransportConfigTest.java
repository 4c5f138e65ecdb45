package kafkasim.generator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kafkasim.common.json.Json;
import kafkasim.common.scenario.MqttSettings;
import kafkasim.common.security.GroupSecurity;
import kafkasim.common.security.MqttClientSecurity;
import kafkasim.common.security.SecurityFiles;
import kafkasim.common.security.SecurityMode;
import kafkasim.common.security.SecuritySettings;
import org.junit.jupiter.api.Test;

class MqttTransportConfigTest {
    private static final MqttSettings MQTT = new MqttSettings(null, null, null, null, null, null, null, null, null)
            .withDefaults();
    private static final SecurityFiles FILES = new SecurityFiles(Path.of("/run/sec"));

    @Test
    void eachGroupGetsItsPrincipalsFilesWithTheScenariosDeviations() {
        SecuritySettings s = new SecuritySettings("mtls", true, Map.of("nocert",
                new GroupSecurity(GroupSecurity.NONE, null)));
        Map<String, MqttClientSecurity> security = MqttTransportConfig.deviceSecurity(SecurityMode.MTLS, s, FILES,
                List.of("good", "nocert"));
        assertEquals("/run/sec/device-good.crt", security.get("good").certificateChainFile());
        assertNull(security.get("nocert").certificateChainFile(), "no certificate: refused by the TLS handshake");
        assertEquals("/run/sec/ca.pem", security.get("nocert").caFile());
        assertEquals(Map.of(), MqttTransportConfig.deviceSecurity(SecurityMode.PLAIN, s, FILES, List.of("good")));
    }

    @Test
    void roundTripsThroughTheConfigFileAndPlainWritesNothingNew() throws Exception {
        TransportConfig secured = new MqttTransportConfig("tcp://127.0.0.1:8883", MQTT, MqttTransportConfig
                .deviceSecurity(SecurityMode.SASL_SSL, new SecuritySettings("sasl_ssl", false, Map.of()), FILES,
                        List.of("a")));
        String json = Json.mapper().writeValueAsString(secured);
        assertEquals(secured, Json.mapper().readValue(json, TransportConfig.class));
        TransportConfig plain = new MqttTransportConfig("tcp://127.0.0.1:1883", MQTT);
        String plainJson = Json.mapper().writeValueAsString(plain);
        assertFalse(plainJson.contains("security"), plainJson);
        assertEquals(plain, Json.mapper().readValue(plainJson, TransportConfig.class));
        assertEquals(List.of(), secured.problems("transport"));
    }

    @Test
    void problemsNameTheGroup() {
        TransportConfig bad = new MqttTransportConfig("tcp://127.0.0.1:8883", MQTT,
                Map.of("a", new MqttClientSecurity("tls", null, null, null, null)));
        assertEquals(List.of("transport.security.a.caFile is required in an encrypted mode"), bad.problems("transport"));
    }
}
