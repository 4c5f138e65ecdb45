package kafkasim.mqttbroker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.OptionalInt;
import kafkasim.common.mqtt.HiveMqBrokerArgs;

/**
 * HiveMQ's folders under the broker's data directory and the {@code conf/config.xml} kafkasim writes there: a TCP
 * (or TLS, {@link HiveMqTlsListener}) listener on 127.0.0.1 only, file (or in-memory) persistence, the
 * queued-messages limit per client, no usage statistics (no connection leaves the host).
 */
record HiveMqLayout(Path dataDir) {
    static final String BIND_ADDRESS = "127.0.0.1";

    Path confDir() {
        return dataDir.resolve("conf");
    }

    /** HiveMQ's persistence (client sessions, queues, retained messages), kept across restarts. */
    Path persistenceDir() {
        return dataDir.resolve("data");
    }

    /** Empty: kafkasim's own extension is embedded, but HiveMQ needs the folder. */
    Path extensionsDir() {
        return dataDir.resolve("extensions");
    }

    /** Where the TLS listener's key stores go (owner-only). */
    Path securityDir() {
        return dataDir.resolve("security");
    }

    /** Creates the folders and (re)writes {@code conf/config.xml}. */
    void prepare(int port, OptionalInt maxQueuedMessages, boolean persistence) throws IOException {
        prepare(port, maxQueuedMessages, persistence, Optional.empty());
    }

    /**
     * Creates the folders and (re)writes {@code conf/config.xml}, owner-only from the start: with {@code tls} it
     * holds the key store's password.
     */
    void prepare(int port, OptionalInt maxQueuedMessages, boolean persistence, Optional<HiveMqTlsListener> tls)
            throws IOException {
        Files.createDirectories(confDir());
        Files.createDirectories(persistenceDir());
        Files.createDirectories(extensionsDir());
        Path config = confDir().resolve("config.xml");
        Files.deleteIfExists(config);
        Files.createFile(config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(config, configXml(port, maxQueuedMessages, persistence, tls), StandardCharsets.UTF_8);
    }

    static String configXml(int port, OptionalInt maxQueuedMessages, boolean persistence) {
        return configXml(port, maxQueuedMessages, persistence, Optional.empty());
    }

    /**
     * HiveMQ's {@code config.xml}; without a limit, HiveMQ's default queue (1,000 per client, then discard); without
     * {@code persistence}, sessions, subscriptions and queues live in memory only.
     */
    static String configXml(int port, OptionalInt maxQueuedMessages, boolean persistence,
                            Optional<HiveMqTlsListener> tls) {
        String listener = tls.isEmpty() ? "tcp-listener" : "tls-tcp-listener";
        String queue = maxQueuedMessages.isEmpty() ? "" : """
                    <mqtt>
                        <queued-messages>
                            <max-queue-size>%d</max-queue-size>
                            <strategy>discard</strategy>
                        </queued-messages>
                    </mqtt>
                """.formatted(maxQueuedMessages.getAsInt());
        return """
                <?xml version="1.0"?>
                <!-- written by kafkasim at every start: changes here are overwritten -->
                <hivemq>
                    <listeners>
                        <%s>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                %s        </%s>
                    </listeners>
                %s    <persistence>
                        <mode>%s</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(listener, port, BIND_ADDRESS, tls.map(HiveMqTlsListener::tlsXml).orElse(""), listener,
                queue, persistence ? HiveMqBrokerArgs.PERSISTENCE_FILE : HiveMqBrokerArgs.PERSISTENCE_IN_MEMORY);
    }

    /** {@code text} with XML's special characters escaped (paths). */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
