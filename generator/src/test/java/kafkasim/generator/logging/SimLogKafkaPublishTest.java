package kafkasim.generator.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimLogKafkaPublishTest {
    @TempDir
    Path dir;

    @Test
    void aMissingBrokerNeitherBlocksNorLosesFileRecordsAndIsCounted() throws Exception {
        int calls = 200;
        String bootstrap = "127.0.0.1:" + closedLoopbackPort();
        LogConfig config = LogConfig.of("worker", "9", dir).withKafka(bootstrap, null);
        SimLog log = SimLog.open(config);

        long startNanos = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            log.info("send", "tick", Map.of("i", i));
            if (i % 50 == 0) {
                Thread.sleep(20); // give the writer (and the metadata probe) a chance between bursts
            }
        }
        long loggingMs = (System.nanoTime() - startNanos) / 1_000_000;
        Thread.sleep(300); // an idle tick or two with the broker still missing
        long closeStartNanos = System.nanoTime();
        log.close();
        long closeMs = (System.nanoTime() - closeStartNanos) / 1_000_000;

        assertTrue(loggingMs < 2_000, "logging took " + loggingMs + " ms");
        assertTrue(closeMs < SimLog.CLOSE_TIMEOUT_MS, "close took " + closeMs + " ms");
        assertEquals(0, log.dropped(), "the writer kept up although Kafka is unreachable");
        assertEquals(calls, log.written());
        List<JsonNode> lines = JsonLines.read(log.file());
        assertEquals(calls + 1, lines.size());
        assertEquals(calls + 1, log.publishErrors(), "every line, the final one included, failed to publish");
    }

    private static int closedLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
