package kafkasim.infra.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import kafkasim.infra.ChildProcesses;
import kafkasim.infra.StartException;
import kafkasim.infra.launch.ChildServer;
import kafkasim.infra.launch.FailedAttempt;
import kafkasim.infra.launch.Readiness;
import kafkasim.infra.watcher.NativeServerSpec;
import kafkasim.infra.watcher.NativeServerWatcher;

/**
 * What is Mosquitto's own in its start: {@code mosquitto -c mosquitto.conf} under its watcher JVM on one port,
 * ready when the port accepts connections while it runs, a bind failure told by its log.
 */
final class MosquittoLaunch implements ChildServer<MosquittoLaunch.Broker> {
    private static final long MAX_POLL_MILLIS = 100;

    /** One attempt: the watcher JVM and, once ready, mosquitto under it. */
    static final class Broker {
        final int port;
        final List<String> command;
        final Process watcher;
        final long logOffset;
        volatile ProcessHandle server; // found by the readiness check

        Broker(int port, List<String> command, Process watcher, long logOffset) {
            this.port = port;
            this.command = command;
            this.watcher = watcher;
            this.logOffset = logOffset;
        }
    }

    private final Path binary;
    private final Path dir;
    private final Path logFile;
    private final Path confFile;
    private final Path persistenceDir;
    private final MqttBrokerOptions options;
    private List<String> securityLines = List.of("allow_anonymous true");

    MosquittoLaunch(Path binary, Path dir, MqttBrokerOptions options) {
        this.binary = binary;
        this.dir = dir;
        this.logFile = dir.resolve("mosquitto.log");
        this.confFile = dir.resolve("mosquitto.conf");
        this.persistenceDir = dir.resolve("data");
        this.options = options;
    }

    Path logFile() {
        return logFile;
    }

    /** Creates the persistence folder and the security files (password file, ACL) the options ask for. */
    void prepare() {
        options.security().checkFiles(name());
        try {
            Files.createDirectories(persistenceDir);
            securityLines = MosquittoSecurity.prepare(options.security(), dir);
        } catch (IOException e) {
            throw new StartException("Mosquitto failed to start: could not prepare " + dir + ": " + e, e);
        }
    }

    @Override
    public String name() {
        return "Mosquitto";
    }

    @Override
    public String logHint() {
        return ". Log: " + logFile;
    }

    @Override
    public Broker launch(int[] ports) throws IOException {
        MosquittoConfig config = new MosquittoConfig(ports[0], persistenceDir, System.getProperty("user.name"),
                options.maxQueuedMessages(), options.maxInflightMessages(), options.persistence(), securityLines);
        List<String> command = new ArrayList<>(NativeServerWatcher.deathSignalPrefix("TERM"));
        command.addAll(List.of(binary.toString(), "-c", confFile.toString()));
        long logOffset = ChildProcesses.sizeOf(logFile);
        Files.writeString(confFile, config.text(), StandardCharsets.UTF_8);
        Process watcher = NativeServerWatcher.start(new NativeServerSpec(EmbeddedMosquitto.PROGRAM, "TERM", "",
                Map.of(), command), dir, logFile);
        return new Broker(ports[0], command, watcher, logOffset);
    }

    @Override
    public StartException launchFailed(IOException e) {
        return new StartException("Mosquitto failed to start in " + dir + ": " + e + logHint(), e);
    }

    /**
     * Waits until mosquitto accepts a TCP connection on its port while it runs under the watcher (it prints no
     * reliable ready line, so the socket is polled, 5 ms growing to {@value #MAX_POLL_MILLIS} ms apart).
     */
    @Override
    public Readiness awaitReady(Broker broker, long deadlineNanos) {
        long pauseMillis = 5;
        while (broker.watcher.isAlive() && System.nanoTime() - deadlineNanos < 0) {
            Optional<ProcessHandle> server = NativeServerWatcher.serverProcess(broker.watcher, EmbeddedMosquitto.PROGRAM);
            if (server.isPresent() && EmbeddedMosquitto.accepts(broker.port) && server.get().isAlive()) {
                broker.server = server.get();
                return Readiness.ready();
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break; // reported as not ready; the flag stays set
            }
            pauseMillis = Math.min(MAX_POLL_MILLIS, pauseMillis * 2);
        }
        return broker.watcher.isAlive() ? Readiness.notReady("it did not accept connections on "
                + EmbeddedMqttBroker.HOST + ":" + broker.port + " within " + options.startTimeout().toMillis()
                + " ms (now stopped)") : Readiness.exited(broker.watcher.exitValue(), "it exited");
    }

    @Override
    public FailedAttempt end(Broker broker, Readiness readiness, int attempt) {
        stop(broker);
        String log = ChildProcesses.readSince(logFile, broker.logOffset);
        boolean portTaken = log.contains("Address already in use");
        String what = !readiness.hasExited() ? readiness.detail()
                : portTaken ? EmbeddedMqttBroker.HOST + ":" + broker.port + " is taken" : readiness.detail();
        return new FailedAttempt(portTaken, "Mosquitto failed to start: " + what + " (" + String.join(" ",
                broker.command) + ")" + logHint() + ChildProcesses.describeLog(log));
    }

    @Override
    public void stop(Broker broker) {
        NativeServerWatcher.stop(broker.watcher, NativeServerWatcher.serverProcess(broker.watcher,
                EmbeddedMosquitto.PROGRAM), EmbeddedMosquitto.STOP_TIMEOUT);
    }
}
