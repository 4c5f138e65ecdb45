package kafkasim.simulation.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import kafkasim.common.scenario.Scenario;
import kafkasim.common.scenario.ScenarioLoader;
import kafkasim.infra.flink.FlinkRestClient;
import kafkasim.simulation.submit.JobSubmitter;
import kafkasim.simulation.submit.JobTargets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kafkasim submit --flink HOST:PORT …}: uploads the jobs jar to a Flink session cluster and starts the
 * fast, medium and slow paths and the aggregation job, over Flink's REST API (the code path {@code run} uses for
 * its embedded cluster). Addresses are as the cluster sees them. The jobs run until you stop them.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit the consumer jobs (fast, medium, slow, report) to a Flink cluster over REST.")
final class SubmitCommand implements Callable<Integer> {
    @Option(names = "--flink", paramLabel = "HOST:PORT", required = true, description = "Flink REST endpoint.")
    String flink;

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT", required = true,
            description = "Kafka as the Flink cluster reaches it (with docker-compose: kafka:29092).")
    String bootstrap;

    @Option(names = "--mqtt-url", paramLabel = "tcp://HOST:PORT",
            description = "The old architecture: the path jobs subscribe to this MQTT broker (as the Flink cluster"
                    + " reaches it), one subscription per device type of --scenario; Kafka keeps the log topic.")
    String mqttUrl;

    @Option(names = "--jdbc-url", paramLabel = "URL", required = true,
            description = "PostgreSQL as the Flink cluster reaches it (jdbc:postgresql://…).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", defaultValue = "postgres",
            description = "Database user (default: ${DEFAULT-VALUE}).")
    String jdbcUser;

    @Option(names = "--jdbc-password", paramLabel = "PASSWORD", description = "Database password.")
    String jdbcPassword;

    @Option(names = "--files-dir", paramLabel = "DIR", required = true,
            description = "The slow path's folder on the TaskManagers' file system.")
    String filesDir;

    @Option(names = "--run-id", paramLabel = "ID", required = true,
            description = "Tags the run's metrics and reports; `generate --out results/ID` uses the same id.")
    String runId;

    @Option(names = "--scenario", paramLabel = "FILE",
            description = "Take topics and path settings from this scenario (default: the built-in defaults).")
    Path scenarioFile;

    @Option(names = "--jobs-jar", paramLabel = "JAR", description = "The jobs jar (default: the built one).")
    Path jobsJar;

    @Override
    public Integer call() throws Exception {
        String rest = ScenarioOptions.checkHostPort("--flink", flink);
        ScenarioOptions.checkBootstrap(bootstrap);
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new BadInputException("--jdbc-url must start with jdbc:postgresql://, got \"" + jdbcUrl + "\"");
        }
        if (!runId.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new BadInputException("--run-id must match [A-Za-z0-9._-]{1,128}, got \"" + runId + "\"");
        }
        Scenario s = scenarioFile != null ? ScenarioOptions.loadFile(scenarioFile) : ScenarioLoader.parse(
                "{\"name\":\"submit\",\"durationSec\":1,\"devices\":[{\"type\":\"t\",\"count\":1,\"ratePerSec\":1,"
                        + "\"payloadBytes\":1000}]}", "defaults");
        String mqtt = mqttUrl == null ? null : ScenarioOptions.checkMqttUrl("--mqtt-url", mqttUrl);
        if (mqtt != null && scenarioFile == null) {
            throw new BadInputException("--mqtt-url needs --scenario: the jobs subscribe per device type");
        }
        s = ScenarioOptions.withExternalBroker(s, mqtt);
        ScenarioOptions.checkSecurity(s, true, mqtt != null);
        Path jar = JobsJar.resolve(jobsJar);
        JobTargets targets = new JobTargets(runId, bootstrap, s.kafka().topic(), s.kafka().logTopic(),
                s.kafka().alertsTopic(), mqtt, jdbcUrl, jdbcUser, jdbcPassword, filesDir);
        FlinkRestClient client = new FlinkRestClient(rest);
        var jobs = new JobSubmitter(client).submit(jar, s, targets);
        jobs.forEach(j -> System.out.printf("%-7s %s%n", j.name(), j.jobId()));
        System.out.println("running on " + client.baseUrl() + " (stop them there, or: curl -X PATCH "
                + client.baseUrl() + "/jobs/<id>?mode=cancel)");
        return Main.EXIT_OK;
    }
}
