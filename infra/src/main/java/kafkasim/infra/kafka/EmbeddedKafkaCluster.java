package kafkasim.infra.kafka;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kafkasim.infra.FreePorts;
import kafkasim.infra.StartException;
import kafkasim.infra.net.NetProxy;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka cluster of {@code brokers} KRaft nodes on this machine, each a child JVM that is broker and controller
 * (node ids 1..n, all voters: a quorum survives one node down from 3 on). One node is exactly today's single
 * {@link EmbeddedKafka} in {@code workDir}; more live in {@code workDir/node-N}. Nodes start in parallel (a node
 * answers only once a quorum is up). A node killed by a fault is started again with {@link #restart(int)} on its
 * ports and data.
 *
 * <p>With proxies ({@code proxied}), clients reach each node through its own {@link NetProxy}, which kafkasim
 * controls for the network faults: the node advertises its proxy on a CLIENTS listener, so a client that bootstraps
 * from {@link #clientBootstrap()} only ever talks to proxies; the nodes replicate among themselves directly.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
    /** More would not fit a small machine: each broker takes a JVM with a 1 GB heap. */
    public static final int MAX_BROKERS = 5;
    private final EmbeddedKafka[] nodes;
    private final NetProxy[] proxies; // by node, empty without proxies
    private final long startupMillis;

    private EmbeddedKafkaCluster(EmbeddedKafka[] nodes, NetProxy[] proxies, long startupMillis) {
        this.nodes = nodes;
        this.proxies = proxies;
        this.startupMillis = startupMillis;
    }

    /** Starts the cluster, clients connecting directly; see {@link #start(Path, int, Map, boolean)}. */
    public static EmbeddedKafkaCluster start(Path workDir, int brokers, Map<String, String> extraProperties) {
        return start(workDir, brokers, extraProperties, false);
    }

    /**
     * Starts the cluster and waits until every node answers; what started is stopped again if one fails.
     *
     * @param proxied put a {@link NetProxy} in front of every node for its clients
     */
    public static EmbeddedKafkaCluster start(Path workDir, int brokers, Map<String, String> extraProperties,
                                             boolean proxied) {
        return start(workDir, brokers, extraProperties, proxied, KafkaBrokerSecurity.PLAIN);
    }

    /** As {@link #start(Path, int, Map, boolean)}, every node's listeners secured by {@code security}. */
    public static EmbeddedKafkaCluster start(Path workDir, int brokers, Map<String, String> extraProperties,
                                             boolean proxied, KafkaBrokerSecurity security) {
        if (brokers < 1 || brokers > MAX_BROKERS) {
            throw new IllegalArgumentException("brokers must be 1.." + MAX_BROKERS + ", got " + brokers);
        }
        long t0 = System.nanoTime();
        if (brokers == 1 && !proxied) {
            EmbeddedKafka single = EmbeddedKafka.start(workDir, extraProperties, EmbeddedKafka.DEFAULT_STARTUP_TIMEOUT,
                    security);
            return new EmbeddedKafkaCluster(new EmbeddedKafka[] {single}, new NetProxy[0], single.startupMillis());
        }
        // per node: client, controller, CLIENTS listener and proxy port, all known before any node starts
        int perNode = proxied ? 4 : 2;
        int[] ports = FreePorts.pick(perNode * brokers);
        String voters = IntStream.range(0, brokers)
                .mapToObj(i -> (i + 1) + "@" + EmbeddedKafka.HOST + ":" + ports[perNode * i + 1])
                .collect(Collectors.joining(","));
        String clusterId = existingClusterId(workDir, brokers);
        ExecutorService pool = Executors.newFixedThreadPool(brokers, r -> {
            Thread t = new Thread(r, "kafka-node-start");
            t.setDaemon(true);
            return t;
        });
        List<Future<EmbeddedKafka>> starts = new ArrayList<>();
        for (int i = 0; i < brokers; i++) {
            int nodeId = i + 1;
            int[] mine = Arrays.copyOfRange(ports, perNode * i, perNode * i + 3);
            int proxyPort = proxied ? ports[perNode * i + 3] : 0;
            starts.add(pool.submit(() -> EmbeddedKafka.start(nodeDir(workDir, nodeId, brokers),
                    extraProperties, EmbeddedKafka.DEFAULT_STARTUP_TIMEOUT, () -> mine,
                    p -> new EmbeddedKafka.Node(nodeId, brokers, voters, proxyPort), clusterId, security)));
        }
        pool.shutdown();
        EmbeddedKafka[] nodes = new EmbeddedKafka[brokers];
        RuntimeException failure = null;
        for (int i = 0; i < brokers; i++) {
            try {
                nodes[i] = starts.get(i).get();
            } catch (ExecutionException e) {
                failure = failure != null ? failure : e.getCause() instanceof RuntimeException r ? r
                        : new StartException("Kafka node " + (i + 1) + " failed to start: " + e.getCause(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure : new StartException("interrupted while Kafka started", e);
            }
        }
        NetProxy[] proxies = new NetProxy[proxied ? brokers : 0];
        for (int i = 0; i < proxies.length && failure == null; i++) {
            try {
                proxies[i] = NetProxy.open(nodes[i].node().proxyPort(), nodes[i].clientsPort());
            } catch (RuntimeException e) {
                failure = new StartException("the proxy in front of Kafka node " + (i + 1) + " did not open: "
                        + e.getMessage(), e);
            }
        }
        if (failure != null) {
            for (NetProxy p : proxies) {
                if (p != null) {
                    p.close();
                }
            }
            for (EmbeddedKafka n : nodes) {
                if (n != null) {
                    n.close();
                }
            }
            throw failure;
        }
        return new EmbeddedKafkaCluster(nodes, proxies, Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }

    /** One node lives in {@code workDir} itself (as a single {@link EmbeddedKafka}), more in {@code node-N}. */
    private static Path nodeDir(Path workDir, int nodeId, int brokers) {
        return brokers == 1 ? workDir : workDir.resolve("node-" + nodeId);
    }

    /** The id the nodes' data was formatted with (a cluster started again on its folder), else a new one. */
    private static String existingClusterId(Path workDir, int brokers) {
        try {
            String id = KafkaBrokerConfig.existingClusterId(nodeDir(workDir, 1, brokers).resolve("data"));
            return id != null ? id : Uuid.randomUuid().toString();
        } catch (IOException e) {
            throw new StartException("could not read the Kafka cluster id in " + workDir + ": " + e, e);
        }
    }

    /** Every node's client listener, {@code 127.0.0.1:P1,127.0.0.1:P2,…}. */
    public String bootstrap() {
        return Arrays.stream(current()).map(EmbeddedKafka::bootstrap).collect(Collectors.joining(","));
    }

    /**
     * Where the telemetry clients bootstrap: every node's proxy ({@code 127.0.0.1:PROXY1,…}) when proxied, else
     * {@link #bootstrap()}.
     */
    public String clientBootstrap() {
        return proxies.length == 0 ? bootstrap()
                : Arrays.stream(proxies).map(NetProxy::address).collect(Collectors.joining(","));
    }

    /** The proxy in front of node {@code nodeId}, or null if its clients connect directly. */
    public NetProxy proxy(int nodeId) {
        node(nodeId); // checks the id
        return proxies.length == 0 ? null : proxies[nodeId - 1];
    }

    public int size() {
        return nodes.length;
    }

    /** Node {@code nodeId} (1..size) as it runs now. */
    public synchronized EmbeddedKafka node(int nodeId) {
        if (nodeId < 1 || nodeId > nodes.length) {
            throw new IllegalArgumentException("node " + nodeId + " does not exist (1.." + nodes.length + ")");
        }
        return nodes[nodeId - 1];
    }

    /** Stops node {@code nodeId} if it still runs and starts it again on its ports and data. */
    public synchronized EmbeddedKafka restart(int nodeId) {
        EmbeddedKafka restarted = node(nodeId).restart();
        nodes[nodeId - 1] = restarted;
        return restarted;
    }

    /** Every node's JVM as it runs now, e.g. for the host monitor. */
    public List<ProcessHandle> processes() {
        return Arrays.stream(current()).map(EmbeddedKafka::processHandle).toList();
    }

    /** From the start call until every node answered. */
    public long startupMillis() {
        return startupMillis;
    }

    private synchronized EmbeddedKafka[] current() {
        return nodes.clone();
    }

    @Override
    public void close() {
        for (NetProxy p : proxies) {
            p.close();
        }
        for (EmbeddedKafka n : current()) {
            n.close();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaCluster" + Arrays.toString(current());
    }
}
