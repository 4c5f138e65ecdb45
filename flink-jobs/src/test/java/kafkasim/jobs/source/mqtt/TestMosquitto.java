package kafkasim.jobs.source.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kafkasim.infra.FreePorts;

/**
 * A Mosquitto broker on 127.0.0.1 for the MQTT source's ITs. Test-only and meant to be replaced by infra's launcher
 * ({@code kafkasim.infra.mqtt.EmbeddedMosquitto}, being written) once it exists.
 *
 * <p>Unlimited queues ({@code max_queued_messages 0}; Mosquitto's default drops beyond 1,000 per client), no
 * persistence (sessions live as long as the broker), {@code user} = this JVM's user (as root, Mosquitto would
 * otherwise drop to user {@code mosquitto}). {@code max_inflight_messages} keeps its default (20): it bounds MQTT
 * 3.1.1 subscribers, while MQTT 5 ones get their own receive maximum. The broker is started under
 * {@code setpriv --pdeathsig=TERM}, so it ends with the JVM even after a {@code kill -9} of the JVM.
 */
final class TestMosquitto implements AutoCloseable {
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final long START_TIMEOUT_MS = 10_000;

    private final Process process;
    private final int port;
    private final Path log;

    private TestMosquitto(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static TestMosquitto start(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(MOSQUITTO)) {
            throw new IllegalStateException(MOSQUITTO + " is missing: install Debian's mosquitto package");
        }
        Files.createDirectories(dir);
        for (int attempt = 1; ; attempt++) { // another process may take the free port before the broker binds it
            int port = FreePorts.pick();
            Path conf = dir.resolve("mosquitto.conf");
            Files.writeString(conf, String.join("\n",
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous true",
                    "persistence false",
                    "max_queued_messages 0",
                    "user " + System.getProperty("user.name"),
                    "log_dest stderr",
                    "log_type error", "log_type warning", "log_type notice", "log_type information", ""));
            Path log = dir.resolve("mosquitto-" + attempt + ".log");
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
                command.addAll(List.of("/usr/bin/setpriv", "--pdeathsig=TERM", "--"));
            }
            command.addAll(List.of(MOSQUITTO.toString(), "-c", conf.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            TestMosquitto broker = new TestMosquitto(process, port, log);
            if (broker.awaitListening()) {
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "mosquitto-stop"));
                return broker;
            }
            broker.close();
            if (attempt == 3) {
                throw new IllegalStateException("mosquitto did not listen on 127.0.0.1:" + port + " within "
                        + START_TIMEOUT_MS + " ms; its log:\n" + broker.log());
            }
        }
    }

    private boolean awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(20); // polling the port: the broker gives no other signal
            }
        }
        return false;
    }

    String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM to setpriv's exec'd mosquitto: it is the same process
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
