package kafkasim.simulation.orchestrator;

import kafkasim.simulation.security.RunSecurity;


import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import kafkasim.common.json.Json;
import kafkasim.common.scenario.BrokerKind;
import kafkasim.common.scenario.Scenario;
import kafkasim.generator.ipc.Event;
import kafkasim.generator.logging.LogConfig;
import kafkasim.generator.logging.LogMerger;
import kafkasim.generator.logging.SimLog;
import kafkasim.generator.plan.GeneratorConfig;
import kafkasim.generator.plan.GeneratorConfigFile;
import kafkasim.generator.plan.Planner;
import kafkasim.generator.transport.kafka.KafkaTopics;
import kafkasim.generator.worker.DeviceStates;
import kafkasim.simulation.architecture.Architecture;
import kafkasim.simulation.dashboard.LiveDashboard;
import kafkasim.simulation.faults.AppliedFault;
import kafkasim.simulation.faults.FaultInjector;
import kafkasim.simulation.host.HostMonitor;
import kafkasim.simulation.host.HostUsage;
import kafkasim.simulation.report.PathMetrics;

/**
 * Runs the generator for one scenario against a Kafka cluster: creates the topics, writes the manager's config
 * file, starts (and if needed restarts) the producer worker manager, prints a progress line per second, stops
 * everything after {@code durationSec}, and writes {@code summary.json}, {@code devices.csv} and
 * {@code logs/merged.jsonl}. A worker the manager gives up on ({@code worker-failed}) stops the run at once
 * with a {@link RunFailedException}. The scenario's faults are applied on the run's clock; lines typed on its stdin
 * ({@link Prompt}) and the dashboard's actions go to one {@link RunControl}; {@link RunResults} writes the results.
 */
public final class Orchestrator {
    static final Duration MANAGER_STOP_TIMEOUT = Duration.ofSeconds(60);
    static final long TOPIC_TIMEOUT_MS = 30_000;
    static final long WORKERS_READY_TIMEOUT_MS = 60_000;

    /**
     * @param bootstrap Kafka: the telemetry topic's cluster in a Kafka run, the log topic's in every run (null in
     *                  an MQTT-only {@code generate}: logs stay in files)
     * @param clientBootstrap where the generator's producers bootstrap: {@code bootstrap} or the proxies in front
     *                  of it (network faults); kafkasim's own clients use {@code bootstrap}
     * @param mqttUrl   the MQTT broker of an MQTT run
     * @param reloadSec how often the manager re-reads its config file, seconds
     * @param security  how every client connects (plain when null)
     */
    public record Options(Scenario scenario, String bootstrap, String clientBootstrap, String mqttUrl, Path runDir,
                          int reloadSec, RunSecurity security) {
        public Options {
            security = security == null ? RunSecurity.PLAIN : security;
        }

        public Options(Scenario scenario, String bootstrap, String clientBootstrap, String mqttUrl, Path runDir,
                       int reloadSec) {
            this(scenario, bootstrap, clientBootstrap, mqttUrl, runDir, reloadSec, null);
        }

        public Options(Scenario scenario, String bootstrap, String mqttUrl, Path runDir, int reloadSec) {
            this(scenario, bootstrap, bootstrap, mqttUrl, runDir, reloadSec);
        }

        /** A Kafka run. */
        public Options(Scenario scenario, String bootstrap, Path runDir, int reloadSec) {
            this(scenario, bootstrap, bootstrap, null, runDir, reloadSec);
        }
    }

    /** How long the consumer paths get after the generator stopped to complete what was produced. */
    static Duration drainTimeout(Scenario s) {
        return Duration.ofSeconds(60).plusMillis(3L * s.paths().checkpointIntervalMs());
    }

    private final Options options;
    private final ConsumerRun consumers;
    private final PrintStream out;
    private final RunTotals totals = new RunTotals();
    private final Warnings warnings = new Warnings();
    private final HostMonitor givenHost;
    /** The run's embedded infrastructure, the target of broker, database and Flink faults (null: none). */
    private Infrastructure infrastructure;
    private volatile boolean stopRequested;
    /** The dashboard this run publishes to and takes actions from (null: none). */
    private LiveDashboard dashboard;
    private RunControl control;
    private List<AppliedFault> faults = List.of();
    private long clockStartMs;
    /** The part of the run after the warm-up; set when the generator stops. */
    private Measured measured = new Measured(0, 0, 0);
    /** How long the paths took to complete what was produced after the generator stopped (null: no paths). */
    private Double drainSec;

    /**
     * @param startMs epoch ms at which the warm-up ended
     * @param endMs   epoch ms at which the generator was told to stop (before {@code startMs}: the run ended during
     *                its warm-up)
     * @param acked   messages acknowledged between the two
     */
    record Measured(long startMs, long endMs, long acked) {
        double ratePerSec() {
            return endMs <= startMs ? 0 : acked * 1000.0 / (endMs - startMs);
        }
    }

    public Orchestrator(Options options, PrintStream out) {
        this(options, null, null, out);
    }

    /** With {@code consumers}, the Flink jobs are part of the run (the {@code run} command). */
    public Orchestrator(Options options, ConsumerRun consumers, PrintStream out) {
        this(options, consumers, null, out);
    }

    /**
     * As above; {@code host} is the monitor started with the infrastructure (null: the run starts its own, or goes
     * without on a machine without {@code /proc}).
     */
    public Orchestrator(Options options, ConsumerRun consumers, HostMonitor host, PrintStream out) {
        this.options = options;
        this.consumers = consumers;
        this.givenHost = host;
        this.out = out;
    }

    /** Lets the run's faults act on {@code infra}'s processes (brokers, database, Flink). */
    public Orchestrator faultsOn(Infrastructure infra) {
        this.infrastructure = infra;
        return this;
    }

    /** Publishes the run to {@code dashboard} and takes its actions. */
    public Orchestrator dashboard(LiveDashboard dashboard) {
        this.dashboard = dashboard;
        return this;
    }

    /** Sentences for summary.json's {@code warnings}; any part of the run may add one. */
    public Warnings warnings() {
        return warnings;
    }

    /**
     * Runs the generator; returns the summary (also written to the run folder).
     *
     * @throws RunFailedException when a worker cannot run (no summary is written then)
     */
    public RunSummaryFile run() throws Exception {
        Scenario s = options.scenario().withWarmupSec(options.scenario().warmupSecOrDefault());
        Path runDir = options.runDir();
        String runId = runDir.getFileName().toString();
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(runDir.resolve("scenario.json").toFile(), s);
        LogConfig logConfig = LogConfig.of("orchestrator", "0", runDir.resolve("logs"));
        SimLog log = SimLog.open(options.bootstrap() == null ? logConfig
                // the orchestrator is kafkasim itself: its own principal, allowed before any ACL exists
                : logConfig.withKafka(options.bootstrap(), s.kafka().logTopic(), options.security().kafkaAdmin()));
        log.installCrashHandler();
        HostMonitor host = givenHost != null ? givenHost : HostMonitor.start();
        HostUsage hostUsage = null;
        Event failure;
        FaultInjector injector = null;
        ConsumerLag lag = null;
        try {
            if (host != null) {
                host.watch(HostMonitor.ORCHESTRATOR, () -> List.of(ProcessHandle.current()));
            }
            if (options.bootstrap() != null) {
                ensureTopics(s, log);
            }

            if (consumers != null) {
                ScenarioLimits.fastPathOverloaded(s).ifPresent(w -> {
                    out.println("note: " + w);
                    warnings.add(w);
                });
                consumers.start(s, options.bootstrap(), options.security().kafkaAdmin());
            }
            GeneratorConfig config = Planner.plan(s, options.clientBootstrap(), options.mqttUrl(), true,
                    Runtime.getRuntime().availableProcessors(), options.security().generator(s));
            Path configFile = runDir.resolve("generator-config.json");
            GeneratorConfigFile.write(configFile, config);
            out.printf("generator: %d workers, %d devices, %.0f msg/s scheduled; config %s (re-read every %d s)%n",
                    config.workers().size(), config.deviceCount(), config.ratePerSecTotal(), configFile,
                    options.reloadSec());

            ManagerProcess manager = new ManagerProcess(runDir, configFile, options.reloadSec(), this::onEvent,
                    totals, log);
            if (host != null) {
                host.watch(HostMonitor.MANAGER, manager::processes);
                host.watch(HostMonitor.WORKERS, totals::workerProcesses);
            }
            long startNanos = System.nanoTime();
            manager.start();
            injector = new FaultInjector(new RunFaultTargets(infrastructure, s, manager, totals, consumers),
                    s.durationSec(), out);
            FaultInjector faultsOfRun = injector;
            control = new RunControl(s, manager, faultsOfRun, () -> stopRequested = true, configFile,
                    options.clientBootstrap(), options.mqttUrl(), out, log, () -> clockStartMs);
            Prompt.start(System.in, out, control);
            if (dashboard != null) {
                dashboard.attach(control);
            }
            // the run's clock starts when every worker sends: JVM start-up is not part of the measured duration
            if (totals.awaitWorkersReady(config.workers().size(), WORKERS_READY_TIMEOUT_MS)) {
                out.printf("workers ready in %.1f s%n", (System.nanoTime() - startNanos) / 1e9);
            } else if (totals.failure() == null) {
                out.printf("not every worker is ready after %d s: starting the clock anyway%n",
                        WORKERS_READY_TIMEOUT_MS / 1000);
            }
            // a path whose newest metric record is older than this has stopped reporting (progress line, dashboard)
            long pathStaleMs = 3L * s.paths().checkpointIntervalMs() + 5000;
            Progress progress = new Progress(totals, consumers == null ? null : consumers.metrics(),
                    host == null ? null : host::lastCpuBusyPct, faultsOfRun::inForce,
                    pathStaleMs, out);
            long clockStartNanos = System.nanoTime();
            clockStartMs = System.currentTimeMillis();
            LiveSampler sampler = dashboard == null ? null : new LiveSampler(runId, s.name(), s.broker(), totals,
                    consumers == null ? null : consumers.metrics(), host, manager, faultsOfRun::applied,
                    faultsOfRun::inForce, control::actions, warnings::list, control::groups, dashboard.lines(),
                    dashboard.flinkWebUi(), pathStaleMs, dashboard.feed(),
                    clockStartMs);
            if (sampler != null && consumers != null && s.brokerKind() == BrokerKind.KAFKA) {
                try {
                    lag = new ConsumerLag(options.bootstrap(), options.security().kafkaAdmin(),
                            Architecture.of(s).telemetryTopic(s), runId, PathMetrics.PATHS);
                    sampler.withLag(lag);
                } catch (RuntimeException e) { // the dashboard's lag column is not worth the run
                    out.println("note: the dashboard shows no Kafka consumer lag: " + e.getMessage());
                }
            }
            injector.start(s.faults(), clockStartNanos);
            long endNanos = clockStartNanos + s.durationSec() * 1_000_000_000L;
            long warmupEndNanos = clockStartNanos + s.warmupSecOrDefault() * 1_000_000_000L;
            long warmupEndMs = System.currentTimeMillis() + s.warmupSecOrDefault() * 1000L;
            long ackedAtWarmupEnd = -1;
            while (!stopRequested && totals.failure() == null && System.nanoTime() < endNanos) {
                if (ackedAtWarmupEnd < 0 && System.nanoTime() >= warmupEndNanos) {
                    ackedAtWarmupEnd = totals.acked();
                    totals.startMeasuring();
                    if (host != null) {
                        host.startMeasuredPhase(); // saturation is judged on the same period as the figures
                    }
                    if (s.warmupSecOrDefault() > 0) {
                        out.printf("warm-up over (%d s): statistics count from here%n", s.warmupSecOrDefault());
                    }
                }
                long untilNanos = ackedAtWarmupEnd < 0 ? Math.min(endNanos, warmupEndNanos) : endNanos;
                Thread.sleep(Math.min(1000, Math.max(1, (untilNanos - System.nanoTime()) / 1_000_000)));
                Progress.Second second = progress.print();
                if (sampler != null) {
                    sampler.publish(second, "running");
                }
            }
            measured = new Measured(warmupEndMs, System.currentTimeMillis(),
                    ackedAtWarmupEnd < 0 ? 0 : totals.acked() - ackedAtWarmupEnd);
            failure = totals.failure();
            injector.close(); // faults not due are cancelled, faults in force undone: the paths must drain
            faults = injector.applied();
            out.println(failure == null ? "stopping: workers flush what they buffered"
                    : "stopping: worker " + failure.workerId() + " cannot run");
            if (dashboard != null) {
                dashboard.detach(); // the run is stopping: no more actions
            }
            manager.stop(MANAGER_STOP_TIMEOUT);
            Progress.Second last = progress.print();
            if (sampler != null) {
                sampler.publish(last, "draining");
            }
            log.info("lifecycle", "generator stopped", Map.of());
            if (failure != null) {
                log.error("lifecycle", "run failed: worker " + failure.workerId() + " " + failure.message(),
                        Map.of("workerId", failure.workerId()));
            } else if (consumers != null) {
                long produced = DeviceStates.read(runDir.resolve("state")).stream()
                        .mapToLong(DeviceStates.DeviceCount::acked).sum();
                long drainStartNanos = System.nanoTime();
                boolean drained = consumers.drain(produced, drainTimeout(s));
                drainSec = Math.round((System.nanoTime() - drainStartNanos) / 1e8) / 10.0;
                log.info("lifecycle", drained ? "consumers drained" : "drain timed out", Map.of("produced", produced));
                consumers.stopJobs(null);
            }
            // the run ends here: stopping the infrastructure is not part of what it measured
            hostUsage = host == null ? null : host.stop();
        } finally {
            if (lag != null) {
                lag.close();
            }
            if (dashboard != null) {
                dashboard.detach();
            }
            if (injector != null) {
                injector.close(); // a run that failed half-way must not leave a broker paused or down
            }
            if (host != null && givenHost == null) {
                host.close();
            }
            log.close();
        }
        if (failure != null) {
            // no summary: nothing measured here is a result; the logs tell what happened
            LogMerger.merge(runDir.resolve("logs"));
            throw new RunFailedException("worker " + failure.workerId() + " " + failure.message() + " (logs: "
                    + runDir.resolve("logs") + ")");
        }
        MeasurementWarnings.of(hostUsage, host == null ? null : host.firstError(),
                host != null && host.clockTicksAssumed(), totals.sendLag(),
                faults.stream().anyMatch(f -> f.applied() != null)).forEach(warnings::add);
        return new RunResults(options.runDir(), runId, s, consumers, totals, warnings, out).write(hostUsage, measured,
                faults, drainSec, clockStartMs, control == null ? List.of() : control.actions());
    }

    /** Kafka's topics of the run: the telemetry topic (Kafka runs), the log topic, and the alerts topic (run). */
    private void ensureTopics(Scenario s, SimLog log) throws Exception {
        Architecture.KafkaTopicPlan plan = Architecture.of(s).kafkaTopics(s, consumers != null);
        Map<String, Integer> partitions = KafkaTopics.ensure(options.bootstrap(), options.security().kafkaAdmin(),
                plan.partitions(), plan.replicationFactor(), plan.configs(), TOPIC_TIMEOUT_MS);
        out.printf("topics ready: %s%n", partitions);
        if (options.security().settings().acl()) {
            int acls = options.security().grantKafkaAcls(options.bootstrap(), s, options.runDir().getFileName()
                    .toString(), TOPIC_TIMEOUT_MS);
            out.printf("Kafka ACLs: %d bindings (each principal its own topics and group; docs/security.md)%n", acls);
        }
        log.info("lifecycle", "topics ready", Map.of("partitions", partitions));
    }

    /** The written summary and where it is; {@code report} is report.html (null: none, without the Flink paths). */
    public record RunSummaryFile(RunSummary summary, Path file, Path devicesCsv, Path report) {
    }

    private void onEvent(Event e) {
        totals.onEvent(e);
        switch (e.event()) {
            case Event.CONFIG -> out.println("manager: config " + e.message());
            case Event.RESET -> out.println("manager: " + e.message());
            case Event.WORKER_EXITED -> {
                if (Boolean.TRUE.equals(e.restart())) {
                    out.printf("worker %d exited with code %d%s%s%n", e.workerId(), e.exitCode(),
                            e.restartInMs() == null ? "" : ": restarting in " + e.restartInMs() + " ms",
                            e.message() == null ? "" : " (" + e.message() + ")");
                }
            }
            default -> {
            }
        }
    }

}
