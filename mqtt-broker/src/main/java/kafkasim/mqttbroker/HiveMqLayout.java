package kafkasim.mqttbroker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import kafkasim.common.mqtt.HiveMqBrokerArgs;

/**
 * HiveMQ's folders under the broker's data directory and the {@code conf/config.xml} kafkasim writes there: a TCP
 * listener on 127.0.0.1 only, file (or in-memory) persistence, the queued-messages limit per client, no usage statistics (no
 * connection leaves the host).
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

    /** Empty: kafkasim loads no extensions, but HiveMQ needs the folder. */
    Path extensionsDir() {
        return dataDir.resolve("extensions");
    }

    /** Creates the folders and (re)writes {@code conf/config.xml}. */
    void prepare(int port, OptionalInt maxQueuedMessages, boolean persistence) throws IOException {
        Files.createDirectories(confDir());
        Files.createDirectories(persistenceDir());
        Files.createDirectories(extensionsDir());
        Files.writeString(confDir().resolve("config.xml"), configXml(port, maxQueuedMessages, persistence),
                StandardCharsets.UTF_8);
    }

    /**
     * HiveMQ's {@code config.xml}; without a limit, HiveMQ's default queue (1,000 per client, then discard); without
     * {@code persistence}, sessions, subscriptions and queues live in memory only.
     */
    static String configXml(int port, OptionalInt maxQueuedMessages, boolean persistence) {
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
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                        </tcp-listener>
                    </listeners>
                %s    <persistence>
                        <mode>%s</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, BIND_ADDRESS, queue,
                persistence ? HiveMqBrokerArgs.PERSISTENCE_FILE : HiveMqBrokerArgs.PERSISTENCE_IN_MEMORY);
    }
}
