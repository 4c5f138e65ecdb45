package kafkasim.generator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import kafkasim.common.scenario.Scenario;
import kafkasim.generator.host.HostMonitor;
import kafkasim.generator.orchestrator.ConsumerRun;
import kafkasim.generator.orchestrator.Infrastructure;
import kafkasim.generator.orchestrator.Orchestrator;
import kafkasim.generator.orchestrator.RunFolder;
import kafkasim.generator.submit.JobSubmitter;
import kafkasim.generator.submit.JobTargets;
import kafkasim.infra.flink.FlinkRestClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kafkasim run SCENARIO}: all in one. Starts (in parallel, each timed) an embedded Kafka broker,
 * PostgreSQL and Flink standalone cluster, unless flags name external ones; submits the consumer jobs; runs the
 * generator; drains; stops everything; writes the results folder.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a scenario end to end: Kafka, PostgreSQL and Flink embedded (or yours), generator, jobs.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of starting an embedded broker.")
    String bootstrap;

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

    @Option(names = "--jobs-jar", paramLabel = "JAR",
            description = "The jobs jar to submit (default: flink-jobs/target/kafkasim-flink-jobs.jar).")
    Path jobsJar;

    @Override
    public Integer call() throws Exception {
        Scenario s = scenario.load();
        String kafka = bootstrap == null ? null : ScenarioOptions.checkBootstrap(bootstrap);
        String flinkRest = flink == null ? null : ScenarioOptions.checkHostPort("--flink", flink);
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new BadInputException("--jdbc-url must start with jdbc:postgresql://, got \"" + jdbcUrl + "\"");
        }
        RunFolder.check(scenario.out);
        Path jar = JobsJar.resolve(jobsJar);
        Path runDir = RunFolder.create(scenario.out, s.name());
        System.out.println("run folder: " + runDir);
        Infrastructure.Options infraOptions = new Infrastructure.Options(kafka, jdbcUrl, jdbcUser, jdbcPassword,
                flinkRest, filesDir, true);
        // the host is part of the measurement from the moment the infrastructure starts
        HostMonitor host = HostMonitor.start();
        try (host; Infrastructure infra = Infrastructure.start(infraOptions, runDir, System.out)) {
            if (host != null) {
                host.watch(infra.processRoles());
            }
            Infrastructure.Endpoints e = infra.endpoints();
            Files.createDirectories(e.filesDir());
            JobTargets targets = new JobTargets(runDir.getFileName().toString(), e.kafkaBootstrap(),
                    s.kafka().topic(), s.kafka().logTopic(), s.kafka().alertsTopic(), e.jdbcUrl(), e.jdbcUser(),
                    e.jdbcPassword(), e.filesDir().toString());
            try (ConsumerRun consumers = new ConsumerRun(new JobSubmitter(new FlinkRestClient(e.flinkRest())), jar,
                    targets, e.filesDir(), System.out)) {
                var result = new Orchestrator(new Orchestrator.Options(s, e.kafkaBootstrap(), runDir,
                        scenario.reloadSec), consumers, host, System.out).run();
                Report.print(result);
                return Boolean.FALSE.equals(result.summary().complete()) ? Main.EXIT_INCOMPLETE : Main.EXIT_OK;
            }
        }
    }
}
