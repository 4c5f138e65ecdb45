package kafkasim.infra.mqtt;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafkasim.common.mqtt.HiveMqBrokerArgs;
import kafkasim.common.mqtt.HiveMqSecuritySpec;
import kafkasim.common.security.MosquittoPasswords;
import kafkasim.common.security.SecurityMode;
import kafkasim.common.process.ChildJvm;
import kafkasim.common.process.JitPolicy;
import kafkasim.infra.ChildProcesses;
import kafkasim.infra.StartException;
import kafkasim.infra.launch.ChildServer;
import kafkasim.infra.launch.FailedAttempt;
import kafkasim.infra.launch.Readiness;

/**
 * What is HiveMQ's own in its start: the broker JVM on one port, ready when it prints its ready line, a bind
 * failure told by its exit code {@link HiveMqBrokerArgs#EXIT_PORT_TAKEN}.
 */
final class HiveMqLaunch implements ChildServer<HiveMqLaunch.Broker> {
    static final String SECURITY_SPEC = "broker-security.properties";

    /** One attempt's broker JVM and the copier of its stdout; {@code logOffset}: where its log lines begin. */
    record Broker(int port, Process process, ReadyLineWatch watch, long logOffset) {
    }

    private final HiveMqRuntime runtime;
    private final Path dir;
    private final Path logFile;
    private final MqttBrokerOptions options;
    private Optional<Path> securitySpec = Optional.empty();

    HiveMqLaunch(HiveMqRuntime runtime, Path dir, Path logFile, MqttBrokerOptions options) {
        this.runtime = runtime;
        this.dir = dir;
        this.logFile = logFile;
        this.options = options;
    }

    /**
     * Writes what a secured listener needs into {@code <dataDir>/security} (owner-only): the password hashes
     * (sasl_ssl; the same Mosquitto-format file, the plain passwords stay in this JVM) and the {@link
     * HiveMqSecuritySpec} the broker JVM gets as {@code --security FILE}.
     */
    void prepare() {
        MqttBrokerSecurity security = options.security();
        security.checkFiles(name());
        if (security.isPlain()) {
            return;
        }
        try {
            Path secDir = PrivateFiles.dir(dir);
            Path passwords = null;
            if (security.mode() == SecurityMode.SASL_SSL) {
                passwords = secDir.resolve(MosquittoSecurity.PASSWORD_FILE);
                PrivateFiles.write(passwords, MosquittoPasswords.file(security.passwords()));
            }
            HiveMqSecuritySpec spec = new HiveMqSecuritySpec(security.mode(), security.caCertificate(),
                    security.certificateChain(), security.privateKey(), passwords, security.acl().orElse(null));
            Path file = secDir.resolve(SECURITY_SPEC);
            PrivateFiles.write(file, spec.text());
            securitySpec = Optional.of(file);
        } catch (IOException e) {
            throw new StartException("HiveMQ failed to start: could not write its security files in " + dir + ": "
                    + e, e);
        }
    }

    /** The broker JVM's command: HiveMQ's JDK access flags, a bounded heap, the host's JIT policy. */
    static ChildJvm command(HiveMqRuntime runtime, Path dir, Path logFile, HiveMqBrokerArgs args) {
        ChildJvm jvm = ChildJvm.of(EmbeddedHiveMq.MAIN_CLASS).classpath(runtime.classpath());
        EmbeddedHiveMq.JDK_ACCESS_OPTIONS.forEach(jvm::jvmArg);
        EmbeddedHiveMq.BROKER_JVM_OPTIONS.forEach(jvm::jvmArg);
        JitPolicy.forThisHost().forEach(jvm::jvmArg);
        // last, so they win: e.g. a larger heap for tens of thousands of device connections
        jvm.jvmArgs(System.getenv().getOrDefault(EmbeddedHiveMq.JAVA_OPTS_ENV, ""));
        return jvm.workDir(dir)
                .stdin(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .stdout(ProcessBuilder.Redirect.PIPE)
                .stderr(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .args(args.toArgs());
    }

    @Override
    public String name() {
        return "HiveMQ";
    }

    @Override
    public String logHint() {
        return ". Log: " + logFile;
    }

    @Override
    public Broker launch(int[] ports) throws IOException {
        HiveMqBrokerArgs args = new HiveMqBrokerArgs(ports[0], dir, options.maxInflightMessages(),
                options.maxQueuedMessages(), options.persistence(), securitySpec);
        long logOffset = ChildProcesses.sizeOf(logFile);
        Process process = command(runtime, dir, logFile, args).start();
        ReadyLineWatch watch = ReadyLineWatch.start(process, logFile, HiveMqBrokerArgs.readyLine(ports[0]));
        return new Broker(ports[0], process, watch, logOffset);
    }

    @Override
    public StartException launchFailed(IOException e) {
        return new StartException("HiveMQ failed to start: could not start its JVM: " + e + logHint(), e);
    }

    @Override
    public Readiness awaitReady(Broker broker, long deadlineNanos) throws InterruptedException {
        try {
            broker.watch().ready().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return Readiness.ready();
        } catch (ExecutionException stdoutEnded) {
            // its stdout ended: the JVM exits; its exit code tells why (a taken port has a code of its own)
            int rc = broker.process().waitFor(5, TimeUnit.SECONDS) ? broker.process().exitValue() : -1;
            return Readiness.exited(rc, "its JVM (pid " + broker.process().pid() + ") exited with code " + rc);
        } catch (TimeoutException e) {
            return Readiness.notReady("did not accept connections within " + options.startTimeout().toMillis()
                    + " ms");
        }
    }

    @Override
    public FailedAttempt end(Broker broker, Readiness readiness, int attempt) {
        stop(broker);
        String log = ChildProcesses.describeLog(ChildProcesses.readSince(logFile, broker.logOffset()));
        if (!readiness.hasExited()) {
            return new FailedAttempt(false, "HiveMQ " + readiness.detail() + " (pid " + broker.process().pid()
                    + ", now stopped)" + logHint() + log);
        }
        boolean portTaken = readiness.exitCode() == HiveMqBrokerArgs.EXIT_PORT_TAKEN;
        return new FailedAttempt(portTaken, "HiveMQ failed to start: " + readiness.detail() + (portTaken
                ? " (" + EmbeddedMqttBroker.HOST + ":" + broker.port() + " is taken)" : "") + logHint() + log);
    }

    @Override
    public void stop(Broker broker) {
        ChildProcesses.stop(broker.process(), EmbeddedHiveMq.STOP_TIMEOUT);
    }
}
