package kafkasim.infra.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.apache.kafka.common.Uuid;

import kafkasim.common.process.ChildJvm;
import kafkasim.common.process.JitPolicy;
import kafkasim.infra.ChildProcesses;
import kafkasim.infra.StartException;
import kafkasim.infra.launch.ChildServer;
import kafkasim.infra.launch.FailedAttempt;
import kafkasim.infra.launch.Readiness;

/**
 * What is the Kafka broker's own in its start: the broker JVM ({@link KafkaBrokerMain}) on {client, controller,
 * CLIENTS} ports, ready when {@link KafkaReadiness} says so, a bind failure told by its log.
 */
final class KafkaBrokerLaunch implements ChildServer<KafkaBrokerLaunch.Broker> {
    /** A failed start stops the broker with this grace: it never served anyone, nothing to shut down cleanly. */
    private static final Duration ABANDON_GRACE = Duration.ofSeconds(5);

    /** One attempt's broker JVM, on its ports; {@code logOffset}: where its lines in the broker log begin. */
    record Broker(EmbeddedKafka.Node node, int port, int controllerPort, int clientsPort, Process process,
                  long logOffset) {
    }

    private final Path dir;
    private final Path logFile;
    private final Path propertiesFile;
    private final Path dataDir;
    private final Path logbackFile;
    private final String clusterId;
    private final Map<String, String> extraProperties;
    private final Duration timeout;
    private final Function<int[], EmbeddedKafka.Node> nodeOf;
    private final KafkaBrokerSecurity security;
    private final Path scramFile;

    private KafkaBrokerLaunch(Path dir, String clusterId, Map<String, String> extraProperties, Duration timeout,
                              Function<int[], EmbeddedKafka.Node> nodeOf, KafkaBrokerSecurity security) {
        this.dir = dir;
        this.logFile = dir.resolve("broker.log");
        this.propertiesFile = dir.resolve("server.properties");
        this.dataDir = dir.resolve("data");
        this.logbackFile = dir.resolve("logback-broker.xml");
        this.clusterId = clusterId;
        this.extraProperties = extraProperties;
        this.timeout = timeout;
        this.nodeOf = nodeOf;
        this.security = security;
        this.scramFile = dir.resolve("scram-users");
    }

    /**
     * Prepares {@code workDir} (data folder, the broker's Logback file) and learns the cluster id: the formatted
     * data's, else {@code givenClusterId}, else a new one.
     */
    static KafkaBrokerLaunch prepare(Path workDir, Map<String, String> extraProperties, Duration timeout,
                                     Function<int[], EmbeddedKafka.Node> nodeOf, String givenClusterId,
                                     KafkaBrokerSecurity security) {
        Path dir = workDir.toAbsolutePath().normalize();
        String clusterId;
        try {
            Files.createDirectories(dir.resolve("data"));
            KafkaBrokerConfig.extractResource(EmbeddedKafka.LOGBACK_RESOURCE, dir.resolve("logback-broker.xml"));
            clusterId = KafkaBrokerConfig.existingClusterId(dir.resolve("data"));
        } catch (IOException e) {
            throw new StartException("could not prepare the Kafka work directory " + dir + ": " + e, e);
        }
        if (clusterId == null) {
            clusterId = givenClusterId != null ? givenClusterId : Uuid.randomUuid().toString();
        }
        return new KafkaBrokerLaunch(dir, clusterId, extraProperties, timeout, nodeOf, security);
    }

    Path dir() {
        return dir;
    }

    Path logFile() {
        return logFile;
    }

    String clusterId() {
        return clusterId;
    }

    @Override
    public String name() {
        return "Kafka";
    }

    @Override
    public String logHint() {
        return ". Broker log: " + logFile;
    }

    /** {@code ports}: client, controller and, for a proxied node, its CLIENTS listener. */
    @Override
    public Broker launch(int[] ports) throws IOException {
        EmbeddedKafka.Node node = nodeOf.apply(ports);
        int clientsPort = node.proxied() ? ports[2] : 0;
        KafkaBrokerConfig.writeProperties(propertiesFile, KafkaBrokerConfig.brokerProperties(node, ports[0], ports[1],
                clientsPort, dataDir, extraProperties, security));
        List<String> args = new java.util.ArrayList<>(List.of(propertiesFile.toString(), clusterId));
        List<String> scram = security.scramArguments();
        if (!scram.isEmpty()) {
            // the SCRAM passwords reach the storage tool through an owner-only file, never the command line
            KafkaBrokerMain.writeScramFile(scramFile, scram);
            args.add(scramFile.toString());
        }
        long logOffset = ChildProcesses.sizeOf(logFile);
        ChildJvm jvm = ChildJvm.of(KafkaBrokerMain.class);
        EmbeddedKafka.BROKER_JVM_OPTIONS.forEach(jvm::jvmArg);
        JitPolicy.forThisHost().forEach(jvm::jvmArg);
        Process process = jvm
                .jvmArg("-Dlogback.configurationFile=" + logbackFile)
                .workDir(dir)
                .stdout(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .stderr(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .args(args)
                .start();
        ChildProcesses.closeStdin(process);
        return new Broker(node, ports[0], ports[1], clientsPort, process, logOffset);
    }

    @Override
    public StartException launchFailed(IOException e) {
        return new StartException("could not start the Kafka broker JVM in " + dir + ": " + e + logHint(), e);
    }

    @Override
    public Readiness awaitReady(Broker broker, long deadlineNanos) {
        try {
            KafkaReadiness.awaitReady(broker.process(), broker.port(), clusterId, deadlineNanos, security.admin());
            return Readiness.ready();
        } catch (KafkaReadiness.ChildExited e) {
            return Readiness.exited(e.exitCode, "the broker exited during startup");
        } catch (TimeoutException e) {
            return Readiness.notReady("not ready in time");
        }
    }

    @Override
    public FailedAttempt end(Broker broker, Readiness readiness, int attempt) {
        if (!readiness.hasExited()) {
            stop(broker);
            return new FailedAttempt(false, "Kafka was not ready within " + timeout.toMillis() / 1000.0
                    + " s (bootstrap " + EmbeddedKafka.HOST + ":" + broker.port() + ", child pid "
                    + broker.process().pid() + ", now stopped)" + logHint() + quoteLog(broker));
        }
        String attemptLog = ChildProcesses.readSince(logFile, broker.logOffset());
        boolean bindFailure = KafkaReadiness.isBindFailure(attemptLog);
        String what = readiness.exitCode() == KafkaBrokerMain.EXIT_FORMAT_FAILED
                ? "formatting the KRaft storage in " + dataDir + " failed (the format step also validates "
                + propertiesFile + ")"
                : bindFailure
                ? "the broker could not bind 127.0.0.1:" + broker.port() + " or 127.0.0.1:" + broker.controllerPort()
                + " (port taken; " + attempt + " attempt(s) with fresh ports)"
                : readiness.detail();
        return new FailedAttempt(bindFailure, "Kafka failed to start: " + what + " (child pid "
                + broker.process().pid() + ", exit code " + readiness.exitCode() + ")" + logHint()
                + ChildProcesses.describeLog(attemptLog));
    }

    private String quoteLog(Broker broker) {
        return ChildProcesses.describeLog(ChildProcesses.readSince(logFile, broker.logOffset()));
    }

    @Override
    public void stop(Broker broker) {
        ChildProcesses.stop(broker.process(), ABANDON_GRACE);
    }
}
