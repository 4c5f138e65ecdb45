package kafkasim.simulation.cli;

import kafkasim.simulation.architecture.Architecture;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import kafkasim.common.scenario.Scenario;
import kafkasim.simulation.faults.FaultScope;
import kafkasim.simulation.orchestrator.Orchestrator;
import kafkasim.simulation.orchestrator.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kafkasim generate SCENARIO --kafka-bootstrap HOST:PORT | --mqtt-url tcp://HOST:PORT}: the generator alone,
 * against your broker. With {@code --mqtt-url} the devices publish over MQTT; {@code --kafka-bootstrap} is then
 * optional and carries only the log topic (without it the logs stay in the run folder's files).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Run only the load generator (orchestrator -> manager -> workers) against a Kafka cluster or"
                + " an MQTT broker.")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
            description = "Bootstrap servers of the Kafka cluster to publish to (with --mqtt-url: of the log topic).")
    String bootstrap;

    @Option(names = "--mqtt-url", paramLabel = "tcp://HOST:PORT",
            description = "Publish over MQTT to this broker (one connection per device) instead of Kafka.")
    String mqttUrl;

    @Override
    public Integer call() throws Exception {
        Scenario s = scenario.load();
        String servers = bootstrap == null ? null : ScenarioOptions.checkBootstrap(bootstrap);
        String mqtt = mqttUrl == null ? null : ScenarioOptions.checkMqttUrl("--mqtt-url", mqttUrl);
        s = ScenarioOptions.withExternalBroker(s, mqtt);
        if (mqtt == null && servers == null) {
            throw new BadInputException("give --kafka-bootstrap HOST:PORT (Kafka) or --mqtt-url tcp://HOST:PORT (MQTT)");
        }
        ScenarioOptions.checkSecurity(s, servers != null, mqtt != null);
        // generate starts no broker, database or Flink: only the generator's own processes can be failed
        ScenarioOptions.checkFaults(s, new FaultScope(false, false, false, 1),
                Architecture.of(s).externalBrokerFlag());
        Path runDir = RunFolder.create(scenario.out, s.name());
        System.out.println("run folder: " + runDir);
        var result = new Orchestrator(new Orchestrator.Options(s, servers, mqtt, runDir, scenario.reloadSec),
                System.out).run();
        Report.print(result);
        return Main.EXIT_OK;
    }
}
