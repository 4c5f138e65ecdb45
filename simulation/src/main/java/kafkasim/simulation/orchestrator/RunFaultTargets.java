package kafkasim.simulation.orchestrator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafkasim.common.scenario.Fault;
import kafkasim.common.scenario.Scenario;
import kafkasim.infra.flink.EmbeddedFlink;
import kafkasim.infra.net.NetProxy;
import kafkasim.simulation.architecture.Architecture;
import kafkasim.simulation.architecture.BrokerNodes;
import kafkasim.simulation.faults.FaultTargets;

/**
 * The processes of one run as fault targets: the generator's workers and manager (their supervisors restart them),
 * and the embedded infrastructure (null in {@code generate}, or a part the user gave by address: it cannot be
 * killed from here). The telemetry broker is the scenario's: Kafka in a Kafka run, the MQTT broker in an MQTT run
 * (whose Kafka only carries the log topic and is left alone).
 */
final class RunFaultTargets implements FaultTargets {
    static final int KILL_WAIT_SEC = 10;
    private final Infrastructure infra;
    private final Architecture architecture;
    private final BrokerNodes brokers;
    private final ManagerProcess manager;
    private final RunTotals totals;
    /** The run's Flink jobs, resubmitted after a JobManager restart (null: a run without them). */
    private final ConsumerRun consumers;
    /** One JobManager restart at a time: a second kill-jobmanager waits and then kills the restarted one. */
    private final Object jobManagerRestart = new Object();

    RunFaultTargets(Infrastructure infra, Scenario s, ManagerProcess manager, RunTotals totals,
                    ConsumerRun consumers) {
        this.infra = infra;
        this.consumers = consumers;
        this.architecture = Architecture.of(s);
        this.brokers = architecture.brokerNodes(infra);
        this.manager = manager;
        this.totals = totals;
    }

    @Override
    public String killWorker(int workerId) {
        ProcessHandle worker = totals.workerProcess(workerId).orElseThrow(() -> new FaultException(
                "worker " + workerId + " is not running (workers are numbered from 0, see generator-config.json)"));
        killAndAwait(worker);
        return "SIGKILL to worker " + workerId + " (pid " + worker.pid() + "); its manager restarts it";
    }

    @Override
    public String killManager() {
        long pid = manager.pid();
        ProcessHandle.of(pid).ifPresent(RunFaultTargets::killAndAwait);
        return "SIGKILL to the manager (pid " + pid + "); the orchestrator restarts it, its workers exit with it";
    }

    @Override
    public String killTaskManager(int index) {
        EmbeddedFlink flink = infra == null ? null : infra.flink();
        if (flink == null) {
            throw new FaultException("kill-taskmanager needs the embedded Flink cluster");
        }
        // the index counts the TaskManagers that run now: after a replacement, 0 is still "the first one"
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < flink.taskManagerPids().size(); i++) {
            if (flink.isTaskManagerAlive(i)) {
                live.add(i);
            }
        }
        if (index >= live.size()) {
            throw new FaultException("TaskManager " + index + " is not running (" + live.size() + " run now,"
                    + " numbered from 0)");
        }
        int number = live.get(index);
        long pid = flink.taskManagerPids().get(number);
        flink.killTaskManager(number);
        return "SIGKILL to TaskManager " + number + " (pid " + pid + "); a new TaskManager replaces it";
    }

    @Override
    public String killJobManager() {
        EmbeddedFlink flink = infra == null ? null : infra.flink();
        if (flink == null || consumers == null) {
            throw new FaultException("kill-jobmanager needs the embedded Flink cluster and the run's jobs");
        }
        synchronized (jobManagerRestart) {
            return JobManagerRestart.killAndRestart(flink, consumers);
        }
    }

    @Override
    public String killBroker(int nodeId) {
        long pid = brokerPid(nodeId);
        ProcessHandle.of(pid).ifPresent(RunFaultTargets::killAndAwait);
        return "SIGKILL to " + brokerName(nodeId) + " (pid " + pid + ")";
    }

    @Override
    public String restartBroker(int nodeId) {
        checkNode(nodeId);
        long t0 = System.nanoTime();
        BrokerNodes.Restarted node = brokers.restart(nodeId);
        return String.format(Locale.ROOT, "%s started again at %s (pid %d) in %.1f s", brokerName(nodeId),
                node.address(), node.pid(), (System.nanoTime() - t0) / 1e9);
    }

    @Override
    public long brokerPid(int nodeId) {
        checkNode(nodeId);
        try {
            return brokers.pid(nodeId);
        } catch (IllegalStateException notEmbedded) {
            throw new FaultException(notEmbedded.getMessage());
        }
    }

    @Override
    public String breakNetwork(int nodeId, Fault fault) {
        NetProxy proxy = proxy(nodeId);
        String between = "between " + brokerName(nodeId) + " and its " + proxy.connections() + " client connections";
        return switch (fault.action()) {
            case Fault.NET_DELAY -> {
                proxy.delay(fault.delayMs(), fault.jitterMs());
                yield "every byte " + between + " held " + fault.delayMs()
                        + (fault.jitterMs() == 0 ? "" : "±" + fault.jitterMs()) + " ms each way";
            }
            case Fault.NET_LOSS -> {
                proxy.dropConnections();
                yield "every connection " + between + " reset, new ones refused";
            }
            case Fault.NET_PARTITION -> {
                proxy.partition();
                yield "nothing passes " + between + " (blackhole: connections stall)";
            }
            default -> throw new FaultException(fault.action() + " is not a network fault");
        };
    }

    @Override
    public String healNetwork(int nodeId) {
        NetProxy proxy = proxy(nodeId);
        proxy.heal();
        return "the network to " + brokerName(nodeId) + " healed (" + proxy.connections() + " client connections)";
    }

    private NetProxy proxy(int nodeId) {
        checkNode(nodeId);
        NetProxy proxy = infra == null ? null : infra.netProxy(nodeId);
        if (proxy == null) {
            throw new FaultException("network faults need the proxy in front of the embedded broker, which a run"
                    + " starts only when its scenario lists a net-* fault or with --net-proxies");
        }
        return proxy;
    }

    @Override
    public String stopDatabase() {
        if (infra == null || infra.postgres() == null) {
            throw new FaultException("stop-database needs the embedded PostgreSQL (not --jdbc-url)");
        }
        long pid = infra.postgres().serverPid();
        infra.postgres().close();
        return "PostgreSQL stopped (fast shutdown, pid " + pid + ")";
    }

    @Override
    public String startDatabase() {
        long t0 = System.nanoTime();
        var pg = infra.restartPostgres();
        return String.format(Locale.ROOT, "PostgreSQL started again at %s (pid %d) in %.1f s", pg.jdbcUrl(),
                pg.serverPid(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * SIGKILL, then waits until the process is gone (a killed process leaves the process table only once its parent
     * reaps it), so that "SIGKILL to …" is printed when it is true.
     */
    private static void killAndAwait(ProcessHandle process) {
        process.destroyForcibly();
        try {
            process.onExit().get(KILL_WAIT_SEC, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new FaultException("pid " + process.pid() + " was sent SIGKILL but is still there after "
                    + KILL_WAIT_SEC + " s");
        }
    }

    private void checkNode(int nodeId) {
        int count = brokers.count();
        if (nodeId < 1 || nodeId > count) {
            throw new FaultException("broker " + nodeId + " does not exist: the run has " + count
                    + (count == 1 ? " broker (node id 1)" : " brokers (node ids 1.." + count + ")"));
        }
    }

    private String brokerName(int nodeId) {
        return architecture.brokerName(nodeId);
    }
}
