package kafkasim.simulation.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import kafkasim.common.scenario.BrokerKind;
import kafkasim.common.scenario.Scenario;
import kafkasim.simulation.architecture.Architecture;
import kafkasim.simulation.faults.FaultScope;
import kafkasim.simulation.dashboard.LiveDashboard;
import kafkasim.simulation.orchestrator.InfraOptions;
import kafkasim.simulation.orchestrator.Orchestrator;
import kafkasim.simulation.orchestrator.RunFolder;
import kafkasim.simulation.orchestrator.SimulationRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kafkasim run SCENARIO}: all in one. Starts (in parallel, each timed) an embedded Kafka broker, in an MQTT
 * run also an MQTT broker, PostgreSQL and a Flink standalone cluster, unless flags name external ones; submits the
 * consumer jobs; runs the generator; drains; stops everything; writes the results folder.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a scenario end to end: Kafka, PostgreSQL and Flink embedded (or yours), generator, jobs.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of starting an embedded broker.")
    String bootstrap;

    @Option(names = "--broker", paramLabel = "kafka|mqtt",
            description = "The devices' broker: kafka (the new architecture) or mqtt (the old one); overrides the"
                    + " scenario's broker.")
    String broker;

    @Option(names = "--mqtt-url", paramLabel = "tcp://HOST:PORT",
            description = "With broker mqtt: use this MQTT broker instead of starting an embedded one.")
    String mqttUrl;

    @Option(names = "--mqtt-broker", paramLabel = "hivemq|mosquitto", defaultValue = "hivemq",
            description = "With broker mqtt: the embedded broker, HiveMQ CE (a JVM, default) or Debian's Mosquitto.")
    String mqttBroker;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "Use this PostgreSQL (jdbc:postgresql://…) instead of an embedded one.")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", defaultValue = "postgres",
            description = "User for --jdbc-url (default: ${DEFAULT-VALUE}).")
    String jdbcUser;

    @Option(names = "--jdbc-password", paramLabel = "PASSWORD", description = "Password for --jdbc-url.")
    String jdbcPassword;

    @Option(names = "--flink", paramLabel = "HOST:PORT",
            description = "Use this Flink cluster's REST endpoint instead of starting an embedded cluster.")
    String flink;

    @Option(names = "--files-dir", paramLabel = "DIR",
            description = "The slow path's file server folder (default: RESULTS/files).")
    Path filesDir;

    @Option(names = "--net-proxies",
            description = "Put a TCP proxy between the embedded broker and its clients, so that network faults"
                    + " (net-delay, net-loss, net-partition) can be typed at the prompt; a scenario that lists one"
                    + " gets them anyway.")
    boolean netProxies;

    @Mixin
    DashboardOptions dashboardOptions;

    @Option(names = "--jobs-jar", paramLabel = "JAR",
            description = "The jobs jar to submit (default: flink-jobs/target/kafkasim-flink-jobs.jar).")
    Path jobsJar;

    /** The MQTT broker of an MQTT run (null in a Kafka run); MQTT flags without it are an error. */
    private InfraOptions.Mqtt mqttOptions(Scenario s) throws BadInputException {
        if (s.brokerKind() != BrokerKind.MQTT) {
            if (mqttUrl != null) {
                throw new BadInputException("--mqtt-url needs broker mqtt (--broker mqtt or \"broker\": \"mqtt\")");
            }
            return null;
        }
        ScenarioOptions.checkMqttBroker(mqttBroker);
        String url = mqttUrl == null ? null : ScenarioOptions.checkMqttUrl("--mqtt-url", mqttUrl);
        return InfraOptions.Mqtt.of(url, mqttBroker, s.mqtt());
    }

    @Override
    public Integer call() throws Exception {
        Scenario s = scenario.load();
        if (broker != null) {
            s = s.withBroker(BrokerKind.find(broker).orElseThrow(() -> new BadInputException(
                    "--broker must be kafka or mqtt, got \"" + broker + "\"")));
        }
        Architecture architecture = Architecture.of(s);
        InfraOptions.Mqtt mqtt = mqttOptions(s);
        String kafka = bootstrap == null ? null : ScenarioOptions.checkBootstrap(bootstrap);
        String flinkRest = flink == null ? null : ScenarioOptions.checkHostPort("--flink", flink);
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new BadInputException("--jdbc-url must start with jdbc:postgresql://, got \"" + jdbcUrl + "\"");
        }
        boolean externalBroker = mqtt != null ? mqtt.url() != null : kafka != null;
        if (kafka == null) {
            ScenarioOptions.checkEmbedded(s);
        }
        ScenarioOptions.checkSecurity(s, kafka != null, mqtt != null && mqtt.url() != null);
        ScenarioOptions.checkFaults(s, new FaultScope(!externalBroker, jdbcUrl == null, flinkRest == null,
                        architecture.deviceBrokers(s)), externalBroker ? architecture.externalBrokerFlag() : null);
        if (netProxies && externalBroker) {
            throw new BadInputException("--net-proxies needs the embedded broker: the proxies stand in front of it, "
                    + "and " + architecture.externalBrokerFlag() + " names an external one");
        }
        dashboardOptions.check();
        RunFolder.check(scenario.out);
        Path jar = JobsJar.resolve(jobsJar);
        Path runDir = RunFolder.create(scenario.out, s.name());
        System.out.println("run folder: " + runDir);
        InfraOptions infraOptions = new InfraOptions(kafka, jdbcUrl, jdbcUser, jdbcPassword,
                flinkRest, filesDir, true, mqtt).withNetProxies(netProxies);
        Orchestrator.RunSummaryFile result;
        try (LiveDashboard dashboard = dashboardOptions.start(System.out)) {
            result = SimulationRun.execute(s, infraOptions, runDir, jar, scenario.reloadSec, dashboard,
                    dashboard == null ? System.out : dashboard.out());
        }
        Report.print(result);
        return Boolean.FALSE.equals(result.summary().complete()) ? Main.EXIT_INCOMPLETE : Main.EXIT_OK;
    }
}
