package kafkasim.infra.kafka;

import kafkasim.common.security.KafkaClientSecurity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;

/** Waits until the broker child answers as our cluster, giving up as soon as the child exits. */
final class KafkaReadiness {
    static final String HOST = EmbeddedKafka.HOST;

    private KafkaReadiness() {
    }

    static void awaitReady(Process process, int port, String clusterId, long deadline, KafkaClientSecurity security)
            throws ChildExited, TimeoutException {
        // 0) a cold Admin client costs ~0.8 s of class loading: pay it while the broker JVM boots
        Thread warmUp = new Thread(KafkaReadiness::warmUpClient, "embedded-kafka-client-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        // 1) wait until the listener accepts TCP connections (cheap, and no client warnings while it does not);
        //    the broker binds its client listener only once it has been unfenced, at the very end of its startup
        InetSocketAddress address = new InetSocketAddress(loopback(), port);
        while (true) {
            checkAlive(process);
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException();
            }
            try (Socket socket = new Socket()) {
                socket.connect(address, 200);
                break;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        // 2) the broker answers requests only after it has registered with the controller and been unfenced
        Admin admin = Admin.create(security.applyTo(probeConfig(port)));
        try {
            while (true) {
                checkAlive(process);
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new TimeoutException();
                }
                int callMs = (int) Math.min(remainingMs, 2000);
                try {
                    DescribeClusterResult cluster =
                            admin.describeCluster(new DescribeClusterOptions().timeoutMs(callMs));
                    Collection<Node> nodes = await(cluster.nodes(), process, callMs + 500L);
                    // a foreign server that took our port between choosing and binding is not our broker
                    String answeringCluster = await(cluster.clusterId(), process, callMs + 500L);
                    if (!nodes.isEmpty() && clusterId.equals(answeringCluster)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    // retry until the deadline
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                }
                sleep(100);
            }
        } finally {
            admin.close(Duration.ZERO); // abandon calls still in flight (e.g. to a foreign server on our port)
        }
    }

    /** {@code future.get()}, but gives up as soon as the broker process is gone. */
    private static <T> T await(KafkaFuture<T> future, Process process, long timeoutMs)
            throws ChildExited, ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            try {
                return future.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException slice) {
                checkAlive(process);
                if (System.nanoTime() - deadline > 0) {
                    throw slice;
                }
            }
        }
    }

    private static Map<String, Object> probeConfig(int port) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + port);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafkasim-embedded-kafka-probe");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return config;
    }

    /**
     * Loads and exercises the Admin client's classes against a silent local socket (it accepts the connection and
     * reads the first request but never answers), so the real probe later runs warm. Best effort: any failure is
     * ignored. The client is closed before the socket, so it logs no disconnect warning.
     */
    private static void warmUpClient() {
        try (ServerSocket silent = new ServerSocket(0, 5, loopback())) {
            silent.setSoTimeout(3000);
            Map<String, Object> config = probeConfig(silent.getLocalPort());
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafkasim-embedded-kafka-warm-up");
            Admin admin = Admin.create(config);
            try (Socket connection = silent.accept()) {
                connection.setSoTimeout(3000);
                connection.getInputStream().read(new byte[4]); // the client has serialized and sent a request
                admin.close(Duration.ZERO);
            } finally {
                admin.close(Duration.ZERO);
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName(HOST);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkAlive(Process process) throws ChildExited {
        if (!process.isAlive()) {
            throw new ChildExited(process.exitValue());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    static boolean isBindFailure(String logTail) {
        return logTail.contains("Address already in use") || logTail.contains("failed to bind");
    }

    static final class ChildExited extends Exception {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        ChildExited(int exitCode) {
            super(null, null, false, false);
            this.exitCode = exitCode;
        }
    }
}
