package kafkasim.simulation.orchestrator;

import kafkasim.simulation.security.RunSecurity;

import java.nio.file.Path;
import kafkasim.common.scenario.Scenario;
import kafkasim.simulation.submit.JobTargets;

/**
 * Addresses of the running parts, as this machine reaches them ({@code mqttUrl} null in a Kafka run).
 * {@code kafkaClientBootstrap} is where the generator and the jobs bootstrap: the proxies when there are,
 * else {@code kafkaBootstrap}, which kafkasim's own clients (topics, metric records) use.
 */
public record Endpoints(String kafkaBootstrap, String kafkaClientBootstrap, String jdbcUrl, String jdbcUser,
                        String jdbcPassword, String flinkRest, String flinkWebUi, Path filesDir,
                        boolean embeddedFlink, String mqttUrl) {
    /** Where the jobs of run {@code runId} read and write ({@code filesDir}: the slow path's folder). */
    public JobTargets jobTargets(String runId, Scenario s, Path filesDir) {
        return jobTargets(runId, s, filesDir, RunSecurity.PLAIN);
    }

    /** As above, each job connecting to Kafka as its principal of {@code security}. */
    public JobTargets jobTargets(String runId, Scenario s, Path filesDir, RunSecurity security) {
        return new JobTargets(runId, kafkaClientBootstrap, s.kafka().topic(), s.kafka().logTopic(),
                s.kafka().alertsTopic(), mqttUrl, jdbcUrl, jdbcUser, jdbcPassword, filesDir.toString(),
                security.kafkaJobs(), security.mqttJobs());
    }
}
