package kafkasim.infra.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: Debian's independent MQTT clients {@code mosquitto_sub} / {@code mosquitto_pub} against a broker on
 * 127.0.0.1, so the brokers are checked by a client that shares no code with them or with kafkasim. All clients
 * speak MQTT 5 at QoS 1; a persistent session is {@code -c -i ID -x 600} (session expiry 10 minutes).
 */
final class MosquittoCli {
    static final String TOPIC = "devices/t/d-1/telemetry";
    static final String FILTER = "devices/#";
    /** Published after the messages under test: the subscriber has seen all of them when it sees this. */
    static final String END_TOPIC = "devices/t/d-1/end";
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private MosquittoCli() {
    }

    /** {@code count} distinct payloads {@code m-0 …}. */
    static List<String> payloads(String prefix, int count) {
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            payloads.add(prefix + "-" + i);
        }
        return payloads;
    }

    /** Publishes each payload as one QoS 1 message, then the end marker; returns once the broker acknowledged all. */
    static void publishThenEnd(int port, List<String> payloads) throws Exception {
        publish(port, TOPIC, payloads);
        publish(port, END_TOPIC, List.of("end"));
    }

    static void publish(int port, String topic, List<String> payloads) throws Exception {
        Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-V", "5",
                "-q", "1", "-t", topic, "-l").redirectErrorStream(true).start();
        try (Writer in = new java.io.OutputStreamWriter(pub.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String p : payloads) {
                in.write(p + "\n");
            }
        }
        assertTrue(pub.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "mosquitto_pub did not finish");
        String out = new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, pub.exitValue(), "mosquitto_pub failed: " + out);
    }

    /** Creates a persistent session subscribed to {@link #FILTER} at QoS 1, and disconnects ({@code -E}). */
    static void createSession(int port, String clientId) throws Exception {
        Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-V", "5",
                "-q", "1", "-t", FILTER, "-c", "-i", clientId, "-x", "600", "-E").redirectErrorStream(true).start();
        assertTrue(sub.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "mosquitto_sub -E did not finish");
        String out = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, sub.exitValue(), "mosquitto_sub -E failed: " + out);
    }

    /** A running {@code mosquitto_sub -v -d} on {@link #FILTER}; {@code extraArgs} e.g. a persistent session. */
    static Subscriber subscribe(int port, List<String> extraArgs) throws IOException {
        // stdbuf: mosquitto_sub flushes stdout after each message but not after its debug lines (the SUBACK)
        List<String> cmd = new ArrayList<>(List.of("stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-V", "5", "-q", "1", "-t", FILTER, "-v", "-d"));
        cmd.addAll(extraArgs);
        return new Subscriber(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    static List<String> persistentSession(String clientId) {
        return List.of("-c", "-i", clientId, "-x", "600");
    }

    /** Reads the subscriber's stdout on a thread: message lines ({@code topic payload}) and its SUBACK. */
    static final class Subscriber implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
        private final StringBuilder transcript = new StringBuilder();

        private Subscriber(Process process) {
            this.process = process;
            Thread reader = new Thread(this::read, "mosquitto_sub-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    synchronized (transcript) {
                        transcript.append(line).append('\n');
                    }
                    if (line.contains("received SUBACK")) {
                        subscribed.complete(null);
                    } else if (line.startsWith("devices/")) {
                        messages.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process was stopped
            }
            subscribed.completeExceptionally(new IllegalStateException("mosquitto_sub ended"));
        }

        void awaitSubscribed() throws Exception {
            try {
                subscribed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                fail("mosquitto_sub did not subscribe: " + e + "\n" + transcript());
            }
        }

        /** The payloads of {@link #TOPIC} received before the end marker (fails if it does not come in time). */
        List<String> payloadsUntilEnd() throws InterruptedException {
            List<String> payloads = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                String line = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    fail("no end marker within " + TIMEOUT.toSeconds() + " s; got " + payloads.size()
                            + " messages. mosquitto_sub said:\n" + transcript());
                }
                if (line.startsWith(END_TOPIC + " ")) {
                    return payloads;
                }
                assertTrue(line.startsWith(TOPIC + " "), "unexpected message " + line);
                payloads.add(line.substring(TOPIC.length() + 1));
            }
        }

        String transcript() {
            synchronized (transcript) {
                return transcript.toString();
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy(); // SIGTERM: mosquitto_sub disconnects; a persistent session stays on the broker
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
