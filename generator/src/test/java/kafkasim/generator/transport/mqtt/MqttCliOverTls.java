package kafkasim.generator.transport.mqtt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: Debian's {@code openssl s_client}, {@code mosquitto_sub} and {@code mosquitto_pub} against a secured
 * broker on 127.0.0.1, clients that share no code with kafkasim. The test passwords they get with {@code -P} are in
 * their argv: acceptable for a throw-away test broker, and the reason kafkasim's own code never does this.
 */
final class MqttCliOverTls {
    static final long TIMEOUT_SEC = 30;

    private MqttCliOverTls() {
    }

    /** A finished command: its exit code and everything it printed. */
    record Result(int exitCode, String output) {
    }

    static Result run(List<String> command, String stdin) throws Exception {
        Path out = Files.createTempFile("kafkasim-cli", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            boolean finished = p.waitFor(TIMEOUT_SEC, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            String text = Files.readString(out);
            assertTrue(finished, command.get(0) + " did not finish within " + TIMEOUT_SEC + " s: " + text);
            return new Result(p.exitValue(), text);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** {@code openssl s_client} verifying the broker's certificate chain against {@code caFile}. */
    static Result sClient(int port, String caFile, List<String> extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", caFile, "-verify_return_error", "-verify_ip", "127.0.0.1", "-brief"));
        cmd.addAll(extra);
        return run(cmd, "");
    }

    /** {@code mosquitto_pub} of {@code lines} (one message each, QoS 1, MQTT 5) with {@code auth} arguments. */
    static Result publish(int port, String topic, List<String> auth, List<String> lines) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-V", "5", "-q", "1", "-t", topic, "-l"));
        cmd.addAll(auth);
        return run(cmd, String.join("\n", lines) + "\n");
    }

    /**
     * One message with {@code -m}: unlike {@code -l}, mosquitto_pub then gives up on a connection that fails (with
     * {@code -l} it reconnects, and waited forever for HiveMQ after a TLS 1.3 refusal of its missing certificate).
     */
    static Result publishOne(int port, String topic, List<String> auth, String message) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-V", "5", "-q", "1", "-t", topic, "-m", message));
        cmd.addAll(auth);
        return run(cmd, "");
    }

    /** A running {@code mosquitto_sub -d} on the devices' telemetry; ready when subscribed. */
    static final class Subscriber implements AutoCloseable {
        private final Process process;
        private final List<String> messages = new ArrayList<>();
        private final StringBuilder transcript = new StringBuilder();
        private final CountDownLatch subscribed = new CountDownLatch(1);

        Subscriber(int port, List<String> auth) throws Exception {
            List<String> cmd = new ArrayList<>(List.of("stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p",
                    Integer.toString(port), "-V", "5", "-q", "1", "-t", "devices/+/+/telemetry", "-F", "%t %p",
                    "-d"));
            cmd.addAll(auth);
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Thread pump = new Thread(this::read, "mosquitto_sub-tls");
            pump.setDaemon(true);
            pump.start();
            if (!subscribed.await(TIMEOUT_SEC, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("mosquitto_sub did not subscribe:\n" + transcript());
            }
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (this) {
                        transcript.append(line).append('\n');
                        if (line.contains("received SUBACK")) {
                            subscribed.countDown();
                        } else if (line.startsWith("devices/")) {
                            messages.add(line);
                            notifyAll();
                        }
                    }
                }
            } catch (Exception e) {
                // stopped
            }
        }

        /** Waits until a message line equal to {@code line} arrived; every message line up to then. */
        synchronized List<String> awaitLine(String line) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SEC);
            while (!messages.contains(line)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no '" + line + "' within " + TIMEOUT_SEC + " s; mosquitto_sub said:\n"
                            + transcript);
                }
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return List.copyOf(messages);
        }

        synchronized String transcript() {
            return transcript.toString();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
