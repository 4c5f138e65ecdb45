package kafkasim.generator.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import kafkasim.common.scenario.Scenario;
import kafkasim.generator.orchestrator.Orchestrator;
import kafkasim.generator.orchestrator.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kafkasim generate SCENARIO --kafka-bootstrap HOST:PORT}: the generator alone, against your cluster. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Run only the load generator (orchestrator -> manager -> workers) against a Kafka cluster.")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT", required = true,
            description = "Bootstrap servers of the Kafka cluster to publish to.")
    String bootstrap;

    @Override
    public Integer call() throws Exception {
        Scenario s = scenario.load();
        String servers = ScenarioOptions.checkBootstrap(bootstrap);
        Path runDir = RunFolder.create(scenario.out, s.name());
        System.out.println("run folder: " + runDir);
        var result = new Orchestrator(new Orchestrator.Options(s, servers, runDir, scenario.reloadSec),
                System.out).run();
        Report.print(result);
        return Main.EXIT_OK;
    }
}
