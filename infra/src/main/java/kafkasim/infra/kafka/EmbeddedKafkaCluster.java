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
import org.apache.kafka.common.Uuid;

/**
 * A Kafka cluster of {@code brokers} KRaft nodes on this machine, each a child JVM that is broker and controller
 * (node ids 1..n, all voters: a quorum survives one node down from 3 on). One node is exactly today's single
 * {@link EmbeddedKafka} in {@code workDir}; more live in {@code workDir/node-N}. Nodes start in parallel (a node
 * answers only once a quorum is up). A node killed by a fault is started again with {@link #restart(int)} on its
 * ports and data.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
    /** More would not fit a small machine: each broker takes a JVM with a 1 GB heap. */
    public static final int MAX_BROKERS = 5;
    private final EmbeddedKafka[] nodes;
    private final long startupMillis;

    private EmbeddedKafkaCluster(EmbeddedKafka[] nodes, long startupMillis) {
        this.nodes = nodes;
        this.startupMillis = startupMillis;
    }

    /** Starts the cluster and waits until every node answers; what started is stopped again if one fails. */
    public static EmbeddedKafkaCluster start(Path workDir, int brokers, Map<String, String> extraProperties) {
        if (brokers < 1 || brokers > MAX_BROKERS) {
            throw new IllegalArgumentException("brokers must be 1.." + MAX_BROKERS + ", got " + brokers);
        }
        long t0 = System.nanoTime();
        if (brokers == 1) {
            EmbeddedKafka single = EmbeddedKafka.start(workDir, extraProperties);
            return new EmbeddedKafkaCluster(new EmbeddedKafka[] {single}, single.startupMillis());
        }
        int[] ports = FreePorts.pick(2 * brokers); // client and controller port per node, known before any starts
        String voters = IntStream.range(0, brokers)
                .mapToObj(i -> (i + 1) + "@" + EmbeddedKafka.HOST + ":" + ports[2 * i + 1])
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
            int[] mine = {ports[2 * i], ports[2 * i + 1]};
            starts.add(pool.submit(() -> EmbeddedKafka.start(nodeDir(workDir, nodeId), extraProperties,
                    EmbeddedKafka.DEFAULT_STARTUP_TIMEOUT, () -> mine,
                    p -> new EmbeddedKafka.Node(nodeId, brokers, voters), clusterId)));
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
        if (failure != null) {
            for (EmbeddedKafka n : nodes) {
                if (n != null) {
                    n.close();
                }
            }
            throw failure;
        }
        return new EmbeddedKafkaCluster(nodes, Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }

    private static Path nodeDir(Path workDir, int nodeId) {
        return workDir.resolve("node-" + nodeId);
    }

    /** The id the nodes' data was formatted with (a cluster started again on its folder), else a new one. */
    private static String existingClusterId(Path workDir, int brokers) {
        try {
            String id = KafkaBrokerConfig.existingClusterId(nodeDir(workDir, 1).resolve("data"));
            return id != null ? id : Uuid.randomUuid().toString();
        } catch (IOException e) {
            throw new StartException("could not read the Kafka cluster id in " + workDir + ": " + e, e);
        }
    }

    /** Every node's client listener, {@code 127.0.0.1:P1,127.0.0.1:P2,…}. */
    public String bootstrap() {
        return Arrays.stream(current()).map(EmbeddedKafka::bootstrap).collect(Collectors.joining(","));
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
        EmbeddedKafka restarted = node(nodeId).restart(Map.of());
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
        for (EmbeddedKafka n : current()) {
            n.close();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaCluster" + Arrays.toString(current());
    }
}
