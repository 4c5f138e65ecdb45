package kafkasim.mqttbroker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;

import kafkasim.common.mqtt.HiveMqBrokerArgs;
import kafkasim.common.mqtt.HiveMqSecuritySpec;
import kafkasim.common.process.ParentWatch;

/**
 * Main class of the HiveMQ Community Edition broker JVM that {@code kafkasim.infra.mqtt.EmbeddedHiveMq} starts on
 * the classpath {@code mqtt-broker/target/hivemq-lib/*}: writes HiveMQ's configuration under the data directory,
 * starts the embedded broker, prints {@link HiveMqBrokerArgs#readyLine(int)} on stdout once it accepts connections,
 * and runs until SIGTERM or until its parent is gone ({@link ParentWatch}); both stop the broker gracefully (its
 * persistence is closed cleanly, so queued messages survive a restart).
 *
 * <p>Arguments and exit codes: {@link HiveMqBrokerArgs}. Stdout carries the ready line only; this class's other
 * lines and HiveMQ's log (WARN and above, {@value #LOGBACK_RESOURCE}) go to stderr.
 *
 * <p>Plain: unauthenticated clients are allowed ({@code EmbeddedHiveMQBuilder.build()} turns their rejection off):
 * the listener is on 127.0.0.1 only. With {@code --security FILE}: a TLS listener ({@link HiveMqTlsListener}) and,
 * in sasl_ssl and mtls, kafkasim's {@link KafkasimAuthExtension}, with unauthenticated clients refused again.
 */
public final class HiveMqBrokerMain {
    static final String LOGBACK_RESOURCE = "kafkasim-hivemq-logback.xml";
    static final String MARKER = "[kafkasim] ";
    /** Below the launcher's 10 s between SIGTERM and SIGKILL, so a slow stop is reported here first. */
    static final long STOP_TIMEOUT_MS = 8_000;

    private HiveMqBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // first thing: never outlive the process that started us
        ParentWatch.start(HiveMqBrokerArgs.EXIT_ORPHANED);
        // before anything creates a logger: HiveMQ's own logback.xml (INFO on stdout) must not be the one found
        System.setProperty("logback.configurationFile", LOGBACK_RESOURCE);
        HiveMqBrokerArgs parsed;
        try {
            parsed = HiveMqBrokerArgs.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            fail(HiveMqBrokerArgs.EXIT_USAGE, "bad arguments: " + e.getMessage());
            return;
        }
        HiveMqLayout layout = new HiveMqLayout(parsed.dataDir());
        Optional<EmbeddedExtension> auth;
        try {
            Optional<HiveMqSecuritySpec> security = parsed.security().map(HiveMqSecuritySpec::read);
            Optional<HiveMqTlsListener> tls = security.isEmpty() ? Optional.empty()
                    : Optional.of(HiveMqTlsListener.create(security.get(), layout.securityDir()));
            layout.prepare(parsed.port(), parsed.maxQueuedMessages(), parsed.persistence(), tls);
            auth = security.isEmpty() ? Optional.empty() : KafkasimAuthExtension.of(security.get());
            security.ifPresent(s -> System.err.println(MARKER + "hivemq listener: TLS, mode " + s.mode()
                    + (s.acl() != null ? ", ACL" : "")));
        } catch (IOException | IllegalArgumentException e) {
            // the messages name files, never their content
            fail(HiveMqBrokerArgs.EXIT_START_FAILED, "could not prepare " + parsed.dataDir() + ": " + e.getMessage());
            return;
        }
        // HiveMQ would otherwise take the folder of its jar as home and may write there
        System.setProperty("hivemq.home", parsed.dataDir().toString());
        // read by HiveMQ's publish polling when the broker starts; public, static and not final for this purpose
        parsed.maxInflightMessages().ifPresent(n -> InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = n);

        EmbeddedHiveMQBuilder builder = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(layout.confDir())
                .withDataFolder(layout.persistenceDir())
                .withExtensionsFolder(layout.extensionsDir())
                .withoutLoggingBootstrap();
        auth.ifPresent(builder::withEmbeddedExtension);
        EmbeddedHiveMQ broker = builder.build();
        if (auth.isPresent()) {
            // build() turned the denial of unauthenticated clients off (HiveMQ's embedded default): back on, so a
            // client the extension has not authenticated is refused
            InternalConfigurations.AUTH_DENY_UNAUTHENTICATED_CONNECTIONS.set(true);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(broker), "hivemq-stop"));
        try {
            broker.start().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            boolean portTaken = !bindable(parsed.port());
            fail(portTaken ? HiveMqBrokerArgs.EXIT_PORT_TAKEN : HiveMqBrokerArgs.EXIT_START_FAILED, "HiveMQ failed to "
                    + "start" + (portTaken ? " (127.0.0.1:" + parsed.port() + " is taken)" : "") + ": " + cause);
            return;
        }
        System.err.println(MARKER + "hivemq in-flight window " + InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES
                + " messages per client" + (parsed.maxInflightMessages().isPresent() ? " (raised by kafkasim)" : ""));
        System.out.println(HiveMqBrokerArgs.readyLine(parsed.port()));
        System.out.flush();
        // the broker runs until SIGTERM or the parent's death ends this JVM (both run the shutdown hook)
        new CountDownLatch(1).await();
    }

    private static void stop(EmbeddedHiveMQ broker) {
        try {
            broker.stop().get(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            System.err.println(MARKER + "hivemq stopped");
        } catch (Exception e) {
            // a broker that never started fails its stop future too; either way the JVM is on its way out
            System.err.println(MARKER + "hivemq stop: " + e);
        }
        System.err.flush();
    }

    /** Whether nobody listens on 127.0.0.1:{@code port} (then a failed start was not about the port). */
    static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HiveMqLayout.BIND_ADDRESS), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void fail(int exitCode, String message) {
        System.err.println(MARKER + message);
        System.err.flush();
        System.exit(exitCode);
    }
}
