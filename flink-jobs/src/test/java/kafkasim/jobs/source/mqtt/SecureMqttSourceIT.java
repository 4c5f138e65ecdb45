package kafkasim.jobs.source.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.jobs.JobSource;
import kafkasim.common.scenario.MqttSettings;
import kafkasim.common.security.MqttClientSecurity;
import kafkasim.common.security.Principals;
import kafkasim.common.security.SecurityMode;
import kafkasim.common.security.SecuritySettings;
import kafkasim.infra.mqtt.EmbeddedMosquitto;
import kafkasim.infra.mqtt.EmbeddedMqttBroker;
import kafkasim.infra.mqtt.MqttBrokerOptions;
import kafkasim.infra.mqtt.MqttBrokerSecurity;
import kafkasim.infra.security.SecurityMaterial;
import kafkasim.jobs.source.EnvelopeSourceContract;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs' MQTT source over TLS with its job's own principal: Mosquitto in sasl_ssl with the ACL, where only the
 * jobs may read the telemetry and each device may publish only its own topic. What the source promises otherwise
 * is {@code EnvelopeSourceContract}'s, on plain brokers.
 */
class SecureMqttSourceIT {
    static final List<String> TYPES = List.of("temperature");
    static final int DEVICES = 3;
    static final int SEQS = 50;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @Test
    void aSaslSslSourceReadsEveryEnvelopeAsItsJobsPrincipal(@TempDir Path tmp) throws Exception {
        SecuritySettings settings = new SecuritySettings(SecurityMode.SASL_SSL.id(), true, Map.of());
        String job = Principals.job("fast");
        SecurityMaterial material = SecurityMaterial.create(tmp.resolve("security"), new SecurityMaterial.Request(
                "it", SecurityMode.SASL_SSL, Set.of(Principals.MQTT_BROKER),
                Set.of(job, Principals.devices(TYPES.get(0))), Set.of(), Set.of()));
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(EmbeddedMosquitto.KIND, tmp.resolve("mosquitto"),
                0, MqttBrokerOptions.defaults().withPersistence(false).withSecurity(
                        MqttBrokerSecurity.of(material, settings, TYPES)))) {
            MqttClientSecurity jobSecurity = MqttClientSecurity.of(SecurityMode.SASL_SSL, material.files(), job,
                    "valid");
            JobSource.Mqtt spec = new JobSource.Mqtt(broker.url(), List.of(MqttSettings.telemetryFilter(TYPES.get(0))),
                    1, MqttSettings.ACK_CHECKPOINT, jobSecurity);
            assertEquals(List.of(), spec.problems());
            MqttSource<Envelope> source = MqttEnvelopeSource.of(spec, "it-secure");
            MqttTestClients.createSessions(broker.port(), source); // as the job's principal, over TLS
            MqttTestClients.publishAsDevices(broker.port(), MqttTestClients.envelopes(TYPES, DEVICES, 0, SEQS),
                    type -> MqttClientSecurity.of(SecurityMode.SASL_SSL, material.files(), Principals.devices(type),
                            "valid"));
            Recorder.reset(DEVICES * SEQS, Long.MAX_VALUE, Long.MAX_VALUE, 0);
            StreamExecutionEnvironment env = EnvelopeSourceContract.environment(1, 500, false);
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "mqtt").uid("mqtt-source")
                    .map(new Recorder(), TypeInformation.of(Envelope.class)).name("recorder").uid("recorder")
                    .sinkTo(new DiscardingSink<>()).name("discard");
            JobClient client = env.executeAsync("it-secure");
            try {
                assertTrue(Recorder.distinct.await(60, TimeUnit.SECONDS), Recorder.COMMITTED.size() + " of "
                        + DEVICES * SEQS + " envelopes read over TLS");
                List<Long> expected = LongStream.range(0, SEQS).boxed().toList();
                Recorder.ARRIVALS.forEach((device, arrived) -> assertEquals(expected, arrived, device + "'s seqs"));
                assertEquals(DEVICES, Recorder.ARRIVALS.size());
            } finally {
                client.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
