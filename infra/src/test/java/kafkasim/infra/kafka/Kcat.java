package kafkasim.infra.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** kcat (librdkafka), a client kafkasim did not write, reading a topic from its beginning to its end. */
final class Kcat {
    private Kcat() {
    }

    /**
     * How many records kcat reads from every partition of {@code topic} (no consumer group: the topic's READ ACL is
     * all it needs), or -1 when kcat fails (refused, say).
     *
     * @param settings librdkafka properties ({@code -X key=value})
     */
    static int count(String bootstrap, String topic, Path caFile, List<String> settings) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kcat", "-C", "-b", bootstrap, "-t", topic, "-e", "-q", "-o",
                "beginning", "-f", "%k %s\\n", "-m", "10", "-X", "socket.timeout.ms=5000",
                "-X", "ssl.ca.location=" + caFile,
                // librdkafka 2.0 cannot match an IP address SAN (librdkafka#3801): kcat checks the chain against
                // the run CA, openssl s_client checks the address
                "-X", "ssl.endpoint.identification.algorithm=none"));
        for (String s : settings) {
            cmd.add("-X");
            cmd.add(s);
        }
        Path err = Files.createTempFile("kcat", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kcat did not end");
            }
            if (p.exitValue() != 0) {
                String e = Files.readString(err);
                System.out.println("[kcat] exit " + p.exitValue() + ": " + e.substring(Math.max(0, e.length() - 800)));
                return -1;
            }
            return (int) out.lines().filter(l -> !l.isBlank()).count();
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
