package kafkasim.infra.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kafkasim.common.mqtt.HiveMqBrokerArgs;
import kafkasim.infra.StartException;

/** What the brokers check before they start anything: no process, no network. */
class EmbeddedMqttBrokerTest {
    @TempDir
    Path tmp;

    @Test
    void anUnknownKindIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedMqttBroker.start("emqx", tmp, 0, MqttBrokerOptions.defaults()));
        assertEquals("unknown MQTT broker 'emqx': hivemq or mosquitto", e.getMessage());
    }

    @Test
    void portsOutsideTheRangeAreRejected() {
        for (String kind : List.of(EmbeddedHiveMq.KIND, EmbeddedMosquitto.KIND)) {
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> EmbeddedMqttBroker.start(kind, tmp, 65_536, MqttBrokerOptions.defaults())).getMessage()
                    .contains("port must be 0 (pick a free one) or 1..65535, was 65536"));
            assertThrows(IllegalArgumentException.class,
                    () -> EmbeddedMqttBroker.start(kind, tmp, -1, MqttBrokerOptions.defaults()));
        }
    }

    @Test
    void aMissingHiveMqRuntimeNamesTheFolderAndTheBuild() {
        Path lib = tmp.resolve("mqtt-broker/target/hivemq-lib");
        StartException e = assertThrows(StartException.class, () -> EmbeddedHiveMq.start(tmp.resolve("broker"), 0,
                MqttBrokerOptions.defaults(), new HiveMqRuntime(lib)));
        assertTrue(e.getMessage().contains(lib.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("mvn -B -DskipTests package"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("broker")), "nothing was started or created");
    }

    @Test
    void theHiveMqRuntimeIsFoundFromTheProjectRootProperty() {
        String old = System.getProperty(HiveMqRuntime.HOME_PROPERTY);
        try {
            System.setProperty(HiveMqRuntime.HOME_PROPERTY, tmp.toString());
            assertEquals(tmp.resolve("mqtt-broker/target/hivemq-lib"), HiveMqRuntime.locate().libDir());
        } finally {
            if (old == null) {
                System.clearProperty(HiveMqRuntime.HOME_PROPERTY);
            } else {
                System.setProperty(HiveMqRuntime.HOME_PROPERTY, old);
            }
        }
    }

    @Test
    void theHiveMqJvmGetsHiveMqsJdkAccessFlagsABoundedHeapAndItsOwnClasspath() {
        HiveMqRuntime runtime = new HiveMqRuntime(Path.of("/k/mqtt-broker/target/hivemq-lib"));
        HiveMqBrokerArgs args = new HiveMqBrokerArgs(41883, Path.of("/d"), OptionalInt.of(100), OptionalInt.empty(), true);
        List<String> cmd = HiveMqLaunch.command(runtime, Path.of("/d"), Path.of("/d/hivemq.log"), args).command();
        assertTrue(cmd.containsAll(EmbeddedHiveMq.JDK_ACCESS_OPTIONS), cmd.toString());
        assertTrue(cmd.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), cmd.toString());
        assertTrue(cmd.contains("-Xmx512m"), cmd.toString());
        int cp = cmd.indexOf("-cp");
        assertEquals("/k/mqtt-broker/target/hivemq-lib/*", cmd.get(cp + 1));
        assertEquals(EmbeddedHiveMq.MAIN_CLASS, cmd.get(cp + 2));
        assertEquals(args.toArgs(), cmd.subList(cp + 3, cmd.size()));
    }

    @Test
    void aMissingMosquittoNamesTheDebianPackage() throws Exception {
        StartException e = assertThrows(StartException.class, () -> EmbeddedMosquitto.findBinary(""
                + tmp.resolve("bin"), List.of(tmp.resolve("sbin"))));
        assertTrue(e.getMessage().contains("apt-get install mosquitto"), e.getMessage());

        Path fake = Files.createDirectories(tmp.resolve("sbin")).resolve("mosquitto");
        Files.writeString(fake, "#!/bin/sh\n");
        Files.setAttribute(fake, "unix:mode", 0755);
        assertEquals(fake, EmbeddedMosquitto.findBinary(tmp.resolve("bin").toString(), List.of(tmp.resolve("sbin"))));
    }
}
