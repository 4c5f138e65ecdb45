package kafkasim.simulation.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import kafkasim.common.scenario.Scenario;
import kafkasim.common.scenario.ScenarioLoader;
import kafkasim.infra.flink.FlinkRestClient;
import kafkasim.simulation.host.HostMonitor;
import kafkasim.simulation.orchestrator.ConsumerRun;
import kafkasim.simulation.orchestrator.Endpoints;
import kafkasim.simulation.orchestrator.Infrastructure;
import kafkasim.simulation.orchestrator.Orchestrator;
import kafkasim.simulation.orchestrator.RunFolder;
import kafkasim.simulation.report.PathMetrics;
import kafkasim.simulation.submit.JobSubmitter;
import kafkasim.simulation.submit.JobTargets;

/**
 * One complete run (jobs, generator, drain, summary) on infrastructure that is already up, exactly as
 * {@code kafkasim run} does it with external addresses; its console output goes to {@code orchestrator.out} in its
 * own results folder. Each probe brings its own topics and device type (see the callers), so no probe reads another
 * one's messages and the database never holds a probe's rows twice.
 */
final class ProbeRun {
    /** What a probe left: its summary and the metric records it was summarized from. */
    record Outcome(Orchestrator.RunSummaryFile result, PathMetrics metrics) {
    }

    private ProbeRun() {
    }

    static Outcome run(String scenarioJson, Infrastructure infra, Path jobsJar, Path dir) throws Exception {
        Scenario s = ScenarioLoader.parse(scenarioJson, "bench");
        s = s.withWarmupSec(s.warmupSecOrDefault());
        Path runDir = RunFolder.create(dir.resolve(s.name()), s.name());
        Endpoints e = infra.endpoints();
        Path filesDir = Files.createDirectories(runDir.resolve("files")).toAbsolutePath();
        JobTargets targets = e.jobTargets(runDir.getFileName().toString(), s, filesDir);
        try (PrintStream out = new PrintStream(Files.newOutputStream(runDir.resolve("orchestrator.out")), true,
                StandardCharsets.UTF_8);
             HostMonitor host = HostMonitor.start();
             ConsumerRun consumers = new ConsumerRun(new JobSubmitter(new FlinkRestClient(e.flinkRest())), jobsJar,
                     targets, filesDir, out)) {
            if (host != null) {
                host.watch(infra.processRoles());
            }
            var result = new Orchestrator(new Orchestrator.Options(s, e.kafkaBootstrap(), runDir, 300), consumers,
                    host, out).run();
            return new Outcome(result, consumers.metrics());
        }
    }
}
