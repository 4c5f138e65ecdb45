package kafkasim.generator.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import kafkasim.common.scenario.Scenario;
import kafkasim.infra.EmbeddedKafka;
import kafkasim.generator.orchestrator.Orchestrator;
import kafkasim.generator.orchestrator.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kafkasim run SCENARIO}: all in one on this machine. Starts an embedded KRaft broker (unless
 * {@code --kafka-bootstrap} names a cluster), runs the generator, stops everything and writes the results folder.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a scenario end to end on the embedded stack (a real Kafka broker started from Maven jars).")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of starting an embedded broker.")
    String bootstrap;

    @Override
    public Integer call() throws Exception {
        Scenario s = scenario.load();
        String external = bootstrap == null ? null : ScenarioOptions.checkBootstrap(bootstrap);
        Path runDir = RunFolder.create(scenario.out, s.name());
        System.out.println("run folder: " + runDir);
        EmbeddedKafka kafka = null;
        try {
            String servers = external;
            if (servers == null) {
                System.out.println("starting embedded Kafka (KRaft) ...");
                kafka = EmbeddedKafka.start(runDir.resolve("infra").resolve("kafka"));
                servers = kafka.bootstrap();
                System.out.printf("Kafka ready in %.1f s at %s (log %s)%n", kafka.startupMillis() / 1000.0, servers,
                        kafka.logFile());
            }
            var result = new Orchestrator(new Orchestrator.Options(s, servers, runDir, scenario.reloadSec),
                    System.out).run();
            Report.print(result);
            return Main.EXIT_OK;
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }
}
