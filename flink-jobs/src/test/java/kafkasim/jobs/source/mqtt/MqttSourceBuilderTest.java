package kafkasim.jobs.source.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.MqttVersion;
import java.util.Arrays;
import java.util.List;
import kafkasim.common.envelope.Envelope;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class MqttSourceBuilderTest {
    private static MqttSourceBuilder<Envelope> valid() {
        return MqttSource.<Envelope>builder()
                .serverUri("tcp://127.0.0.1:1883")
                .topicFilters(List.of("devices/temperature/+/telemetry", "devices/power/+/telemetry"))
                .clientIdPrefix("kafkasim-fast")
                .deserializer(new MqttEnvelopeDeserializer());
    }

    @Test
    void buildsWithDefaultsAndOneSplitPerFilter() throws Exception {
        MqttSource<Envelope> source = valid().build();
        MqttSourceSettings s = source.settings();
        assertEquals(new MqttSourceSettings("127.0.0.1", 1883, "kafkasim-fast", 1, MqttAckMode.AFTER_CHECKPOINT,
                3600, 65_535, MqttVersion.MQTT_5_0), s);
        assertEquals(List.of(MqttTopicSplit.of(0, "devices/temperature/+/telemetry"),
                MqttTopicSplit.of(1, "devices/power/+/telemetry")), source.splits());
        assertEquals("kafkasim-fast-" + source.splits().get(1).splitId(), s.clientId(source.splits().get(1)));
        assertEquals(Boundedness.CONTINUOUS_UNBOUNDED, source.getBoundedness());
        assertEquals(TypeInformation.of(Envelope.class), source.getProducedType());
        InstantiationUtil.clone(source); // Flink ships the source to the cluster
        assertEquals(1884, valid().serverUri("tcp://localhost:1884").build().settings().port());
        assertEquals(1883, valid().serverUri("tcp://localhost").build().settings().port());
        MqttSourceSettings custom = valid().qos(0).ackMode(MqttAckMode.ON_RECEIPT).sessionExpirySec(0)
                .receiveMaximum(10).mqttVersion(MqttVersion.MQTT_3_1_1).build().settings();
        assertEquals(new MqttSourceSettings("127.0.0.1", 1883, "kafkasim-fast", 0, MqttAckMode.ON_RECEIPT, 0, 10,
                MqttVersion.MQTT_3_1_1), custom);
    }

    @Test
    void reportsEveryMissingFieldByName() {
        assertProblems(MqttSource.<Envelope>builder(), "serverUri is not set", "topicFilters is not set",
                "clientIdPrefix is not set", "deserializer is not set");
    }

    @Test
    void reportsWrongValuesByName() {
        assertProblems(valid().serverUri("mqtt://127.0.0.1:1883"), "serverUri 'mqtt://127.0.0.1:1883' must be "
                + "tcp://host:port");
        assertProblems(valid().serverUri("tcp://127.0.0.1:1883/x"), "must be tcp://host:port");
        assertProblems(valid().serverUri("tcp://127.0.0.1:70000"), "has port 70000, not 1-65535");
        assertProblems(valid().topicFilters(List.of()), "topicFilters is not set");
        assertProblems(valid().topicFilters(Arrays.asList("a/#/b", null, "ok/+", "ok/+", "$share/g/a/b")),
                "topicFilters[0] 'a/#/b' is not an MQTT topic filter", "topicFilters[1] is null",
                "topicFilters[3] 'ok/+' appears twice", "topicFilters[4] '$share/g/a/b' is a shared subscription");
        assertProblems(valid().clientIdPrefix("has space"), "clientIdPrefix 'has space' must be 1-64 letters");
        assertProblems(valid().qos(3), "qos must be 0, 1 or 2, was 3");
        assertProblems(valid().qos(0), "ackMode AFTER_CHECKPOINT needs qos 1 or 2");
        assertProblems(valid().ackMode(null), "ackMode is not set");
        assertProblems(valid().sessionExpirySec(-1), "sessionExpirySec must be 0-4294967295, was -1");
        assertProblems(valid().sessionExpirySec(0), "sessionExpirySec must be above 0 with ackMode AFTER_CHECKPOINT");
        assertProblems(valid().receiveMaximum(0), "receiveMaximum must be 1-65535, was 0");
        assertProblems(valid().receiveMaximum(65_536), "receiveMaximum must be 1-65535, was 65536");
        assertProblems(valid().mqttVersion(null), "mqttVersion is not set");
    }

    private static void assertProblems(MqttSourceBuilder<Envelope> builder, String... expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().startsWith("invalid MQTT source: "), e.getMessage());
        for (String problem : expected) {
            assertTrue(e.getMessage().contains(problem), "'" + problem + "' missing from: " + e.getMessage());
        }
    }
}
