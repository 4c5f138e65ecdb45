package kafkasim.generator.transport.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kafkasim.common.scenario.MqttSettings;
import org.junit.jupiter.api.Test;

class MqttClientSettingsTest {
    static MqttSettings settings(Integer qos, String version, Long expiry, Integer keepAlive) {
        return new MqttSettings(qos, version, null, expiry, keepAlive, null, null, null, null);
    }

    @Test
    void theClientsBuildersJudgeTheConnectSettings() {
        assertEquals(List.of(), MqttClientSettings.problems(settings(2, "3.1.1", null, 0), "mqtt"));
        assertEquals(List.of(), MqttClientSettings.problems(null, "mqtt"));
        List<String> p = MqttClientSettings.problems(settings(1, "5", null, 70_000), "mqtt");
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("mqtt: the MQTT client refuses the connect settings: "), p.get(0));
        assertEquals(List.of("mqtt.qos: the MQTT client knows no QoS 3"),
                MqttClientSettings.problems(settings(3, "5", null, 60), "mqtt"));
        assertEquals(1, MqttClientSettings.problems(settings(1, "5", -1L, 60), "transport.mqtt").size());
    }

    @Test
    void devicesSpreadOverLoopbackSourceAddressesOnlyForALocalBroker() {
        MqttTransport local = new MqttTransport("tcp://127.0.0.1:1", new MqttSettings(null, null, null, null, null,
                null, null, null, null));
        long addresses = java.util.stream.IntStream.range(0, 1000)
                .mapToObj(i -> local.localAddress("temperature-" + i).getHostAddress()).distinct().count();
        assertEquals(MqttTransport.LOOPBACK_SOURCE_ADDRESSES, addresses);
        assertTrue(local.localAddress("d").getHostAddress().startsWith("127.0.0."));
        MqttTransport remote = new MqttTransport("tcp://192.0.2.1:1883", new MqttSettings(null, null, null, null,
                null, null, null, null, null));
        assertNull(remote.localAddress("d"));
    }
}
