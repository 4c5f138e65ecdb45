package kafkasim.simulation.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml (the topology for users with Docker): valid, and published on loopback only. */
class DockerComposeTest {
    static final Path COMPOSE = Path.of("..", "docker-compose.yml");

    @Test
    void everyPublishedPortIsOnLoopback() throws Exception {
        List<String> lines = Files.readAllLines(COMPOSE);
        Pattern port = Pattern.compile("^\\s*-\\s*\"([^\"]+)\"\\s*$");
        int published = 0;
        for (String line : lines) {
            Matcher m = port.matcher(line);
            if (m.matches() && m.group(1).matches("[0-9.:]+")) {
                published++;
                assertTrue(m.group(1).startsWith("127.0.0.1:"), "published on loopback only: " + line);
            }
        }
        assertEquals(4, published, "kafka, postgres, flink web/REST, mosquitto; found " + published);
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        Path binary = Path.of("/usr/bin/docker-compose");
        assumeTrue(Files.isExecutable(binary), "docker-compose is installed by .ci/run");
        Process p = new ProcessBuilder(binary.toString(), "-f", COMPOSE.toString(), "config", "-q")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
    }
}
