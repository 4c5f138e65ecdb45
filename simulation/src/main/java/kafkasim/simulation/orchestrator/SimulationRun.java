package kafkasim.simulation.orchestrator;

import kafkasim.simulation.security.RunSecurity;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import kafkasim.common.scenario.Fault;
import kafkasim.common.scenario.Scenario;
import kafkasim.infra.flink.FlinkRestClient;
import kafkasim.simulation.architecture.Architecture;
import kafkasim.simulation.dashboard.LiveDashboard;
import kafkasim.simulation.host.HostMonitor;
import kafkasim.simulation.submit.JobSubmitter;
import kafkasim.simulation.submit.JobTargets;

/**
 * One simulation end to end, as {@code run} and each half of {@code compare} do it: the infrastructure (embedded
 * parts started in parallel, each timed), the jobs, the generator, the drain, the results folder. The host is
 * monitored from the moment the infrastructure starts.
 */
public final class SimulationRun {
    private SimulationRun() {
    }

    /**
     * @param s        the scenario, its broker chosen
     * @param runDir   the (new, empty) results folder
     * @param jobsJar  the jobs jar to submit
     */
    public static Orchestrator.RunSummaryFile execute(Scenario s, InfraOptions infraOptions, Path runDir,
                                                      Path jobsJar, int reloadSec, PrintStream out)
            throws Exception {
        return execute(s, infraOptions, runDir, jobsJar, reloadSec, null, out);
    }

    /** As above, published to {@code dashboard} and steered from it (null: no dashboard). */
    public static Orchestrator.RunSummaryFile execute(Scenario s, InfraOptions infraOptions, Path runDir,
                                                      Path jobsJar, int reloadSec, LiveDashboard dashboard,
                                                      PrintStream out) throws Exception {
        HostMonitor host = HostMonitor.start();
        Architecture architecture = Architecture.of(s);
        int kafkaBrokers = architecture.kafkaBrokers(s);
        // the proxies cost a hop and a thread: only in runs that may break the network
        boolean netProxies = infraOptions.netProxies() || s.faults().stream().anyMatch(f -> Fault.onNetwork(f.action()));
        RunSecurity security = RunSecurity.create(s, runDir);
        if (security.mode().encrypts()) {
            out.printf("security: mode %s%s; the run's CA, certificates and credentials in %s (owner-only)%n",
                    security.mode(), security.settings().acl() ? ", ACLs" : "", security.files().dir());
        }
        try (host; Infrastructure infra = Infrastructure.start(infraOptions.withKafkaBrokers(kafkaBrokers)
                .withNetProxies(netProxies), runDir, out, security)) {
            if (host != null) {
                host.watch(infra.processRoles());
            }
            Endpoints e = infra.endpoints();
            Files.createDirectories(e.filesDir());
            JobTargets targets = e.jobTargets(runDir.getFileName().toString(), s, e.filesDir(), security);
            try (ConsumerRun consumers = new ConsumerRun(new JobSubmitter(new FlinkRestClient(e.flinkRest())),
                    jobsJar, targets, e.filesDir(), out)) {
                Orchestrator orchestrator = new Orchestrator(new Orchestrator.Options(s, e.kafkaBootstrap(),
                        e.kafkaClientBootstrap(), e.mqttUrl(), runDir, reloadSec, security), consumers, host, out)
                        .faultsOn(infra);
                if (dashboard != null) {
                    dashboard.newRun(e.flinkWebUi());
                    orchestrator.dashboard(dashboard);
                }
                if (infra.embedsDeviceBroker()) {
                    architecture.embeddedBrokerLimit(s, ScenarioLimits.maxOpenFiles()).ifPresent(w -> {
                        out.println("note: " + w);
                        orchestrator.warnings().add(w);
                    });
                }
                return orchestrator.run();
            }
        }
    }
}
