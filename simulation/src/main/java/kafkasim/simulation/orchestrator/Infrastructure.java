package kafkasim.simulation.orchestrator;

import kafkasim.simulation.security.RunSecurity;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import kafkasim.infra.FreePorts;
import kafkasim.infra.flink.EmbeddedFlink;
import kafkasim.infra.kafka.EmbeddedKafka;
import kafkasim.infra.kafka.EmbeddedKafkaCluster;
import kafkasim.infra.mqtt.EmbeddedMqttBroker;
import kafkasim.infra.mqtt.MqttBrokerOptions;
import kafkasim.infra.net.NetProxy;
import kafkasim.infra.postgres.EmbeddedPostgres;
import kafkasim.simulation.host.HostMonitor;

/**
 * The run's infrastructure: each part embedded (started in parallel, each timed) unless the user named an
 * external one. Closing stops what was started here, in reverse order; external parts are left alone.
 */
public final class Infrastructure implements AutoCloseable {
    static final int TASK_MANAGERS = 1;
    static final long TASK_MANAGER_CHECK_MS = 1000;
    // the embedded parts (null: external or not needed); a fault may replace one by a restarted one
    private volatile EmbeddedMqttBroker mqtt;
    private NetProxy mqttProxy;
    private volatile EmbeddedKafkaCluster kafka;
    private volatile EmbeddedPostgres postgres;
    private volatile EmbeddedFlink flink;
    private MqttBrokerOptions mqttOptions;
    private volatile boolean closing;
    private Thread supervisor;
    private Endpoints endpoints;
    private Map<String, Supplier<List<ProcessHandle>>> processRoles = Map.of();

    /**
     * The devices' broker runs here, embedded: the MQTT broker of an MQTT run, or the Kafka cluster of a Kafka
     * run (an MQTT run always has a Kafka cluster, for the log and alerts topics only).
     */
    public boolean embedsDeviceBroker() {
        return mqttOptions != null ? mqtt != null : kafka != null; // mqttOptions: set in MQTT runs only
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** The embedded parts' processes by host monitor role; external parts are not listed. */
    public Map<String, Supplier<List<ProcessHandle>>> processRoles() {
        return processRoles;
    }

    public static Infrastructure start(InfraOptions o, Path runDir, PrintStream out) throws Exception {
        return start(o, runDir, out, RunSecurity.PLAIN);
    }

    /** As above, the embedded brokers secured as {@code security} says. */
    public static Infrastructure start(InfraOptions o, Path runDir, PrintStream out, RunSecurity security)
            throws Exception {
        Infrastructure infra = new Infrastructure();
        infra.mqttOptions = o.mqtt() == null ? null : o.mqtt().brokerOptions().withSecurity(security.mqttBroker());
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "infra-start");
            t.setDaemon(true);
            return t;
        });
        Path dir = runDir.resolve("infra");
        try {
            Future<EmbeddedKafkaCluster> kafka = o.kafkaBootstrap() != null ? null
                    : pool.submit(() -> EmbeddedKafkaCluster.start(dir.resolve("kafka"), o.kafkaBrokers(), Map.of(),
                    o.netProxies() && o.mqtt() == null, // an MQTT run's Kafka carries no telemetry
                    security.kafkaBroker()));
            Future<EmbeddedPostgres> postgres = !o.withConsumers() || o.jdbcUrl() != null ? null
                    : pool.submit(() -> EmbeddedPostgres.start(dir.resolve("postgres")));
            Future<EmbeddedFlink> flink = !o.withConsumers() || o.flinkRest() != null ? null
                    : pool.submit(() -> EmbeddedFlink.start(dir.resolve("flink"), TASK_MANAGERS));
            Future<EmbeddedMqttBroker> mqtt = o.mqtt() == null || o.mqtt().url() != null ? null
                    : pool.submit(() -> EmbeddedMqttBroker.start(o.mqtt().kind(), dir.resolve("mqtt"), 0,
                    infra.mqttOptions));
            // wait for all of them, so a part that comes up after another failed is still closed
            Exception failure = null;
            try {
                infra.mqtt = await(mqtt);
            } catch (Exception e) {
                failure = e;
            }
            try {
                infra.kafka = await(kafka);
            } catch (Exception e) {
                failure = failure == null ? e : failure;
            }
            try {
                infra.postgres = await(postgres);
            } catch (Exception e) {
                failure = failure == null ? e : failure;
            }
            try {
                infra.flink = await(flink);
            } catch (Exception e) {
                failure = failure == null ? e : failure;
            }
            if (failure != null) {
                throw failure;
            }
            if (infra.mqtt != null && o.netProxies()) {
                infra.mqttProxy = NetProxy.open(FreePorts.pick(), infra.mqtt.port());
            }
            EmbeddedMqttBroker m = infra.mqtt;
            EmbeddedKafkaCluster k = infra.kafka;
            EmbeddedPostgres p = infra.postgres;
            EmbeddedFlink f = infra.flink;
            if (m != null) {
                out.printf("MQTT broker (%s) ready in %.1f s at %s (in-flight window %d, queue %d per client,"
                                + " persistence %s)%n", m.kind(), m.startTime().toMillis() / 1000.0, m.url(),
                        o.mqtt().inflightWindow(), o.mqtt().maxQueuedMessages(),
                        o.mqtt().persistence() ? "on disk" : "in memory only");
            }
            if (k != null) {
                out.printf("Kafka ready in %.1f s at %s%s%s%n", k.startupMillis() / 1000.0, k.bootstrap(),
                        k.size() > 1 ? " (" + k.size() + " brokers, node ids 1.." + k.size() + ")" : "",
                        security.mode().encrypts() ? " (" + security.kafkaBroker().describe() + ")" : "");
            }
            if (infra.mqttProxy != null || k != null && k.proxy(1) != null) {
                out.printf("network-fault proxies: clients reach the broker through %s%n",
                        infra.mqttProxy != null ? infra.mqttProxy.address() : k.clientBootstrap());
            }
            if (p != null) {
                out.printf("PostgreSQL ready in %.1f s at %s%n", p.startupMillis() / 1000.0, p.jdbcUrl());
            }
            if (f != null) {
                out.printf("Flink ready in %.1f s: web UI %s%n", f.startupMillis() / 1000.0, f.webUiUrl());
            }
            if (f != null) {
                infra.superviseTaskManagers(f, out);
            }
            infra.endpoints = new Endpoints(
                    k != null ? k.bootstrap() : o.kafkaBootstrap(),
                    k != null ? k.clientBootstrap() : o.kafkaBootstrap(),
                    p != null ? p.jdbcUrl() : o.jdbcUrl(),
                    p != null ? p.user() : o.jdbcUser(),
                    p != null ? null : o.jdbcPassword(),
                    f != null ? f.restUrl() : o.flinkRest(),
                    f != null ? f.webUiUrl() : o.flinkRest(),
                    o.filesDir() != null ? o.filesDir().toAbsolutePath() : runDir.resolve("files").toAbsolutePath(),
                    f != null,
                    infra.mqttProxy != null ? "tcp://" + infra.mqttProxy.address()
                            : m != null ? m.url() : o.mqtt() != null ? o.mqtt().url() : null);
            infra.processRoles = infra.currentProcessRoles();
            return infra;
        } catch (Exception e) {
            infra.close();
            throw e;
        } finally {
            pool.shutdown();
        }
    }

    /** Each role reads the part that runs now: a broker restarted by a fault is a new process. */
    private Map<String, Supplier<List<ProcessHandle>>> currentProcessRoles() {
        Map<String, Supplier<List<ProcessHandle>>> roles = new LinkedHashMap<>();
        if (mqtt != null) {
            roles.put(HostMonitor.MQTT, () -> {
                EmbeddedMqttBroker m = mqtt;
                return m == null ? List.of() : m.processes();
            });
        }
        if (kafka != null) {
            roles.put(HostMonitor.KAFKA, () -> {
                EmbeddedKafkaCluster k = kafka;
                return k == null ? List.of() : k.processes();
            });
        }
        if (flink != null) {
            roles.put(HostMonitor.FLINK_JOBMANAGER, flink::jobManagerProcesses); // a restarted one included
            roles.put(HostMonitor.FLINK_TASKMANAGER, flink::taskManagerProcesses); // replacements included
        }
        if (postgres != null) {
            roles.put(HostMonitor.POSTGRES, () -> {
                EmbeddedPostgres p = postgres;
                return p == null ? List.of() : p.processes();
            });
        }
        return roles;
    }

    /** The embedded Kafka cluster, or null (external Kafka). */
    public EmbeddedKafkaCluster kafka() {
        return kafka;
    }

    /** The embedded MQTT broker, or null (a Kafka run, or an external broker). */
    public EmbeddedMqttBroker mqttBroker() {
        return mqtt;
    }

    /** The embedded PostgreSQL, or null (external). */
    public EmbeddedPostgres postgres() {
        return postgres;
    }

    /** The embedded Flink cluster, or null (external). */
    public EmbeddedFlink flink() {
        return flink;
    }

    /**
     * The proxy between the telemetry broker {@code nodeId} and its clients (the MQTT broker's in an MQTT run), or
     * null if the run has none.
     */
    public NetProxy netProxy(int nodeId) {
        if (mqttProxy != null) {
            return nodeId == 1 ? mqttProxy : null;
        }
        EmbeddedKafkaCluster k = kafka;
        return k == null || nodeId < 1 || nodeId > k.size() ? null : k.proxy(nodeId);
    }

    /** Starts node {@code nodeId} of the embedded Kafka cluster again on its ports and data (a fault killed it). */
    public synchronized EmbeddedKafka restartKafka(int nodeId) {
        return kafka.restart(nodeId);
    }

    /** Starts the embedded MQTT broker again on its port and data (after a fault killed it). */
    public synchronized EmbeddedMqttBroker restartMqttBroker() {
        EmbeddedMqttBroker old = mqtt;
        old.close();
        mqtt = EmbeddedMqttBroker.start(old.kind(), old.dataDir(), old.port(), mqttOptions);
        return mqtt;
    }

    /** Starts the embedded PostgreSQL again on its port and data (after a fault stopped it). */
    public synchronized EmbeddedPostgres restartPostgres() {
        postgres = postgres.restart();
        return postgres;
    }

    /**
     * Keeps the embedded cluster's TaskManager count: a TaskManager that dies (a crash, a {@code kill -9} in a
     * fault test) is replaced, as a cluster manager (Kubernetes, YARN) would, so the jobs can restore from their
     * last checkpoint.
     */
    private void superviseTaskManagers(EmbeddedFlink flink, PrintStream out) {
        Thread t = new Thread(() -> {
            while (!closing) {
                try {
                    Thread.sleep(TASK_MANAGER_CHECK_MS);
                    int alive = 0;
                    for (int i = 0; i < flink.taskManagerPids().size(); i++) {
                        alive += flink.isTaskManagerAlive(i) ? 1 : 0;
                    }
                    if (alive < TASK_MANAGERS && !closing) {
                        long t0 = System.nanoTime();
                        int index = flink.startTaskManager();
                        out.printf("a TaskManager died: TaskManager %d replaces it (registered in %.1f s)%n", index,
                                (System.nanoTime() - t0) / 1e9);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (!closing) {
                        out.println("could not replace a TaskManager: " + e.getMessage());
                    }
                }
            }
        }, "taskmanager-supervisor");
        t.setDaemon(true);
        t.start();
        supervisor = t;
    }

    /** Waits for one part (the caller keeps it for close() even when another part fails). */
    private static <T extends AutoCloseable> T await(Future<T> future) throws Exception {
        if (future == null) {
            return null;
        }
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    @Override
    public synchronized void close() {
        closing = true;
        if (supervisor != null) {
            supervisor.interrupt();
        }
        // in reverse order of start; a part restarted by a fault is closed as it runs now
        List<AutoCloseable> parts = new ArrayList<>();
        for (AutoCloseable part : new AutoCloseable[] {flink, postgres, kafka, mqttProxy, mqtt}) {
            if (part != null) {
                parts.add(part);
            }
        }
        flink = null;
        postgres = null;
        kafka = null;
        mqtt = null;
        mqttProxy = null;
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("kafkasim: stopping " + part + " failed: " + e);
            }
        }
    }

}
