package kafkasim.simulation.cli;

import kafkasim.common.scenario.BrokerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import kafkasim.common.scenario.Fault;
import kafkasim.common.scenario.MqttSettings;
import kafkasim.common.scenario.Scenario;
import kafkasim.simulation.compare.ComparisonFiles;
import kafkasim.simulation.faults.FaultScope;
import kafkasim.simulation.dashboard.LiveDashboard;
import kafkasim.simulation.orchestrator.InfraOptions;
import kafkasim.simulation.orchestrator.Orchestrator;
import kafkasim.simulation.orchestrator.RunFolder;
import kafkasim.simulation.orchestrator.SimulationRun;
import kafkasim.simulation.report.html.ReportHtml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kafkasim compare SCENARIO}: the question kafkasim exists to answer. Runs the scenario on Kafka, then on
 * MQTT, each on fresh embedded infrastructure (same devices, same envelope, same jobs; only the transport changes),
 * and writes {@code comparison.json} and {@code comparison.md} beside both runs' results folders.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run a scenario on Kafka and on MQTT, one after the other on fresh infrastructure, and compare.")
final class CompareCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--mqtt-broker", paramLabel = "hivemq|mosquitto", defaultValue = "hivemq",
            description = "The embedded MQTT broker: HiveMQ CE (default) or Debian's Mosquitto.")
    String mqttBroker;

    @Option(names = "--jobs-jar", paramLabel = "JAR",
            description = "The jobs jar to submit (default: flink-jobs/target/kafkasim-flink-jobs.jar).")
    Path jobsJar;

    @Mixin
    DashboardOptions dashboardOptions;

    /** The dashboard of both runs (null: --no-dashboard). */
    private LiveDashboard dashboard;

    @Override
    public Integer call() throws Exception {
        Scenario s = scenario.load();
        ScenarioOptions.checkMqttBroker(mqttBroker);
        ScenarioOptions.checkEmbedded(s.withBroker(BrokerKind.KAFKA));
        ScenarioOptions.checkSecurity(s.withBroker(BrokerKind.MQTT), false, false);
        // the MQTT architecture has one broker (node id 1), so a broker fault must target it to run on both
        for (int i = 0; i < s.faults().size(); i++) {
            Fault f = s.faults().get(i);
            if (Fault.targetsBroker(f.action()) && !"1".equals(f.target())) {
                throw new BadInputException("faults[" + i + "] (" + f.action() + " " + f.target() + "): compare runs"
                        + " every fault on both architectures, and the MQTT one has a single broker: target broker 1");
            }
        }
        ScenarioOptions.checkFaults(s, new FaultScope(true, true, true, 1), null);
        dashboardOptions.check();
        Path jar = JobsJar.resolve(jobsJar);
        Path dir = RunFolder.createFolder(scenario.out, "compare-" + s.name());
        System.out.println("comparison folder: " + dir);
        Scenario mqttScenario = s.withBroker(BrokerKind.MQTT);
        Orchestrator.RunSummaryFile kafka;
        Orchestrator.RunSummaryFile mqtt;
        try (LiveDashboard d = dashboardOptions.start(System.out)) {
            dashboard = d;
            kafka = run(s.withBroker(BrokerKind.KAFKA), null, dir.resolve("kafka"), jar);
            mqtt = run(mqttScenario, InfraOptions.Mqtt.of(null, mqttBroker, mqttScenario.mqtt()), dir.resolve("mqtt"),
                    jar);
        }
        String command = "kafkasim compare " + scenario.scenarioFile
                + (scenario.durationSec != null ? " --duration " + scenario.durationSec : "")
                + (mqttBroker.equals("hivemq") ? "" : " --mqtt-broker " + mqttBroker);
        ComparisonFiles.write(dir, s.name(), kafka.summary(), mqtt.summary(), command, mqttSetup(mqttScenario));
        System.out.println();
        System.out.print(Files.readString(dir.resolve(ComparisonFiles.MARKDOWN)));
        System.out.println("comparison: " + dir.resolve(ComparisonFiles.JSON));
        try {
            System.out.println("report: " + ReportHtml.writeComparison(dir, dir.resolve("kafka"), dir.resolve("mqtt")));
        } catch (IOException | RuntimeException e) { // the comparison is complete without it: the exit code is theirs
            System.out.println("report.html not written: " + e);
        }
        boolean complete = !Boolean.FALSE.equals(kafka.summary().complete())
                && !Boolean.FALSE.equals(mqtt.summary().complete());
        return complete ? Main.EXIT_OK : Main.EXIT_INCOMPLETE;
    }

    /** How the MQTT side ran, for the comparison's reader. */
    private String mqttSetup(Scenario s) {
        MqttSettings m = s.mqtt();
        String setup = String.format(Locale.ROOT, "embedded %s, MQTT %s, QoS %d, one connection per device (%s "
                        + "sessions); the jobs acknowledge %s; broker in-flight window %,d and queue %,d per subscriber"
                        + " (HiveMQ CE's own: 50 and 1,000; Mosquitto's: 20 and 1,000); persistence %s.",
                mqttBroker.equals("hivemq") ? "HiveMQ CE" : "Mosquitto", m.version(), m.qos(),
                m.cleanStart() ? "clean" : "persistent",
                m.consumerAck().equals(MqttSettings.ACK_CHECKPOINT)
                        ? "after the Flink checkpoint that covers a message (at-least-once)"
                        : "on receipt (a crash loses what was in flight)",
                m.brokerInflightWindow(), m.brokerMaxQueuedMessages(),
                m.brokerPersistence() ? "on disk (sessions and queues survive a restart)" : "in memory only");
        if (mqttBroker.equals("hivemq") && m.consumerAck().equals(MqttSettings.ACK_CHECKPOINT)) {
            setup += " HiveMQ CE sends a subscriber its next batch only when everything in flight was acknowledged:"
                    + " with acknowledgements after the checkpoint, messages reach the jobs once per checkpoint"
                    + " interval, which is most of the MQTT paths' latency.";
        }
        return setup;
    }

    private Orchestrator.RunSummaryFile run(Scenario s, InfraOptions.Mqtt mqtt, Path runDir, Path jar)
            throws Exception {
        System.out.printf("%n=== %s: %s ===%n", s.broker(), runDir);
        RunFolder.create(runDir, s.name());
        InfraOptions infra = new InfraOptions(null, null, "postgres", null, null, null, true,
                mqtt);
        Orchestrator.RunSummaryFile result = SimulationRun.execute(s, infra, runDir, jar, scenario.reloadSec,
                dashboard, dashboard == null ? System.out : dashboard.out());
        Report.print(result);
        return result;
    }
}
