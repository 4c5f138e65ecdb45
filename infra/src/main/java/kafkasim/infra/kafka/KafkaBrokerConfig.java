package kafkasim.infra.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The embedded broker's {@code server.properties} and work-directory files. */
final class KafkaBrokerConfig {
    static final String HOST = EmbeddedKafka.HOST;

    private KafkaBrokerConfig() {
    }

    /**
     * The broker's configuration: KRaft combined mode (every node is broker and controller) with a static quorum of
     * {@code node.voters()}, everything on 127.0.0.1, internal topics replicated to min(3, cluster size) brokers
     * with min.insync.replicas min(2, cluster size) (as in production), internal topics with 10 partitions (instead
     * of 50: the first consumer group and the first transaction are ready sooner), no rebalance delay, no
     * auto-created topics; then {@code extra}. A {@link EmbeddedKafka.Node#proxied proxied} node has a third
     * listener, CLIENTS on {@code clientsPort}, advertised at its proxy's port: clients that bootstrap through the
     * proxy are told every broker's proxy, while the brokers and kafkasim's own clients use the client listener
     * directly. {@code security} names the client listener after its protocol and secures every listener.
     */
    static Map<String, String> brokerProperties(EmbeddedKafka.Node node, int port, int controllerPort,
                                                int clientsPort, Path dataDir, Map<String, String> extra,
                                                KafkaBrokerSecurity security) {
        String replicas = Integer.toString(Math.min(3, node.clusterSize()));
        String minIsr = Integer.toString(Math.min(2, node.clusterSize()));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(node.nodeId()));
        p.put("controller.quorum.voters", node.voters());
        String name = security.listenerName();
        String listeners = name + "://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort;
        String advertised = name + "://" + HOST + ":" + port;
        String protocols = name + ":" + name + ",CONTROLLER:" + security.controllerProtocol();
        if (node.proxied()) {
            listeners += ",CLIENTS://" + HOST + ":" + clientsPort;
            advertised += ",CLIENTS://" + HOST + ":" + node.proxyPort();
            protocols += ",CLIENTS:" + name;
        }
        p.put("listeners", listeners);
        p.put("advertised.listeners", advertised);
        p.put("listener.security.protocol.map", protocols);
        p.put("inter.broker.listener.name", name);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.putAll(security.brokerProperties());
        p.putAll(extra);
        return p;
    }

    static void writeProperties(Path file, Map<String, String> properties) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# written by kafkasim EmbeddedKafka; rewritten at every start\n");
            for (Map.Entry<String, String> e : properties.entrySet()) {
                w.write(escape(e.getKey()) + "=" + escape(e.getValue()) + "\n");
            }
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static void extractResource(String resource, Path target) throws IOException {
        try (InputStream in = KafkaBrokerConfig.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " is missing from the classpath");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The cluster id of an already formatted data directory, else null. */
    static String existingClusterId(Path dataDir) throws IOException {
        Path meta = dataDir.resolve("meta.properties");
        if (!Files.exists(meta)) {
            return null;
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            props.load(in);
        }
        String id = props.getProperty("cluster.id");
        return id == null || id.isBlank() ? null : id;
    }
}
