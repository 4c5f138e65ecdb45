package kafkasim.common.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import kafkasim.common.security.MqttAcl;
import kafkasim.common.security.SecurityMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HiveMqSecuritySpecTest {
    @Test
    void roundTripsThroughItsFile(@TempDir Path dir) throws Exception {
        HiveMqSecuritySpec spec = new HiveMqSecuritySpec(SecurityMode.SASL_SSL, Path.of("/s/ca.pem"),
                Path.of("/s/mqtt-broker.crt"), Path.of("/s/mqtt-broker.key"), Path.of("/d/security/passwords"),
                new MqttAcl(Set.of("a", "b"), Set.of("b"), Set.of("job-fast")));
        Path file = dir.resolve("spec.properties");
        Files.writeString(file, spec.text());
        assertEquals(spec, HiveMqSecuritySpec.read(file));
        HiveMqSecuritySpec mtls = new HiveMqSecuritySpec(SecurityMode.MTLS, Path.of("/s/ca.pem"),
                Path.of("/s/mqtt-broker.crt"), Path.of("/s/mqtt-broker.key"), null, null);
        Files.writeString(file, mtls.text());
        assertEquals(mtls, HiveMqSecuritySpec.read(file));
    }

    @Test
    void badFilesAreNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spec.properties");
        assertEquals("the security file " + file + " does not exist",
                assertThrows(IllegalArgumentException.class, () -> HiveMqSecuritySpec.read(file)).getMessage());
        Files.writeString(file, "mode=tls\ncaFile=/ca.pem\n");
        assertEquals("the security file " + file + ": certificateChainFile is required",
                assertThrows(IllegalArgumentException.class, () -> HiveMqSecuritySpec.read(file)).getMessage());
    }
}
