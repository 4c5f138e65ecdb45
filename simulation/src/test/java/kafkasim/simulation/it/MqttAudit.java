package kafkasim.simulation.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.json.Json;

/**
 * Debian's {@code mosquitto_sub} on {@code devices/#} at QoS 1 (no kafkasim code on the reading side): tallies every
 * device's seqs as they arrive, so a test can check the generator's claims against what the broker delivered.
 */
final class MqttAudit implements AutoCloseable {
    private final Process process;
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final Map<String, List<Long>> seqsByDevice = new TreeMap<>();
    private long messages;
    private long wrongTopic;

    private MqttAudit(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "mosquitto_sub-audit");
        reader.setDaemon(true);
        reader.start();
    }

    /** Subscribes and returns once the broker acknowledged the subscription. */
    static MqttAudit subscribe(int port) throws Exception {
        return subscribe(port, List.of());
    }

    /**
     * Subscribes with a persistent session under {@code clientId}: the broker queues what arrives while the audit is
     * disconnected (a broker restart) and mosquitto_sub reconnects by itself.
     */
    static MqttAudit subscribePersistent(int port, String clientId) throws Exception {
        return subscribe(port, List.of("-c", "-i", clientId));
    }

    private static MqttAudit subscribe(int port, List<String> sessionFlags) throws Exception {
        // stdbuf: mosquitto_sub flushes after each message, not after its debug lines (the SUBACK)
        List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-q", "1", "-t", "devices/#", "-F", "%t %p", "-d"));
        command.addAll(sessionFlags);
        MqttAudit audit = new MqttAudit(new ProcessBuilder(command).redirectErrorStream(true).start());
        if (!audit.subscribed.await(30, TimeUnit.SECONDS)) {
            audit.close();
            fail("mosquitto_sub did not subscribe within 30 s");
        }
        return audit;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.contains("received SUBACK")) {
                    subscribed.countDown();
                } else if (line.startsWith("devices/")) {
                    int space = line.indexOf(' ');
                    Envelope e = Json.mapper().readValue(line.substring(space + 1), Envelope.class);
                    synchronized (this) {
                        messages++;
                        if (!line.substring(0, space).equals("devices/" + e.type() + "/" + e.deviceId()
                                + "/telemetry")) {
                            wrongTopic++;
                        }
                        seqsByDevice.computeIfAbsent(e.deviceId(), k -> new ArrayList<>()).add(e.seq());
                    }
                }
            }
        } catch (Exception e) {
            System.err.println("mosquitto_sub audit stopped: " + e);
        }
    }

    /** Waits until {@code count} messages arrived (or the timeout passed); returns how many did. */
    long await(long count, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (messages() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        return messages();
    }

    synchronized long messages() {
        return messages;
    }

    synchronized long wrongTopic() {
        return wrongTopic;
    }

    /** Every device's seqs in arrival order (a copy). */
    synchronized Map<String, List<Long>> seqsByDevice() {
        Map<String, List<Long>> copy = new TreeMap<>();
        seqsByDevice.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
