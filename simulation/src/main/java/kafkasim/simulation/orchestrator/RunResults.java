package kafkasim.simulation.orchestrator;

import kafkasim.common.envelope.Envelope;
import kafkasim.simulation.security.SecuritySummary;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kafkasim.common.json.Json;
import kafkasim.common.scenario.Scenario;
import kafkasim.generator.logging.LogMerger;
import kafkasim.generator.worker.DeviceStates;
import kafkasim.simulation.architecture.Architecture;
import kafkasim.simulation.faults.AppliedFault;
import kafkasim.simulation.faults.FaultLoss;
import kafkasim.simulation.faults.Recovery;
import kafkasim.simulation.host.HostUsage;
import kafkasim.simulation.report.PathAccounting;
import kafkasim.simulation.report.PathSummary;
import kafkasim.simulation.report.SendFailures;
import kafkasim.simulation.report.html.ReportHtml;

/**
 * The results folder of a run that ended: {@code devices.csv} from the state files, the merged log, the paths'
 * accounting, each fault's recovery and loss, {@code windows.csv}, {@code summary.json} and {@code report.html}.
 */
final class RunResults {
    private final Path runDir;
    private final String runId;
    private final Scenario scenario;
    private final ConsumerRun consumers;
    private final RunTotals totals;
    private final Warnings warnings;
    private final PrintStream out;

    RunResults(Path runDir, String runId, Scenario scenario, ConsumerRun consumers, RunTotals totals,
               Warnings warnings, PrintStream out) {
        this.runDir = runDir;
        this.runId = runId;
        this.scenario = scenario;
        this.consumers = consumers;
        this.totals = totals;
        this.warnings = warnings;
        this.out = out;
    }

    Orchestrator.RunSummaryFile write(HostUsage host, Orchestrator.Measured measured, List<AppliedFault> faults,
                                      Double drainSec, long clockStartMs, List<RunAction> actions) throws Exception {
        Scenario s = scenario;
        var devices = DeviceStates.read(runDir.resolve("state"));
        var failedSeqs = DeviceStates.readFailedSeqs(runDir.resolve("state"));
        Path devicesCsv = DevicesCsv.write(runDir.resolve("devices.csv"), devices, failedSeqs);
        DevicesCsv.countMismatch(devices, failedSeqs).ifPresent(warnings::add);
        long produced = devices.stream().mapToLong(DeviceStates.DeviceCount::acked).sum();
        long failed = devices.stream().mapToLong(DeviceStates.DeviceCount::failed).sum();
        Map<String, Long> acceptedByType = new HashMap<>();
        devices.forEach(d -> acceptedByType.merge(Envelope.typeOf(d.deviceId()), d.acked(), Long::sum));
        SecuritySummary security = SecuritySummary.of(s, DeviceStates.readRejections(runDir.resolve("state")),
                acceptedByType);
        security.warnings(acceptedByType).forEach(warnings::add);
        long refused = security.rejected().values().stream().flatMap(m -> m.values().stream())
                .mapToLong(Long::longValue).sum();
        // refused sends are the security test's result, named above; the send-error warning is about the rest
        MeasurementWarnings.sendErrors(produced, failed - refused).ifPresent(warnings::add);
        LogMerger.merge(runDir.resolve("logs"));
        Map<String, PathSummary> paths = null;
        Boolean complete = null;
        if (consumers != null) {
            Map<String, Long> attempted = new HashMap<>();
            devices.forEach(d -> attempted.put(d.deviceId(), d.acked() + d.failed()));
            SendFailures failures = new SendFailures(failedSeqs, attempted);
            paths = consumers.summarize(produced, failed, failures, new PathAccounting.Window(measured.startMs(),
                    measured.endMs()), warnings);
            complete = paths.values().stream().allMatch(p -> p.backlog() == 0);
            int windowSec = Math.max(5, 3 * s.paths().checkpointIntervalMs() / 1000);
            faults = faults.stream().map(f -> Recovery.of(f, consumers.slicesByPath(), clockStartMs,
                    measured.endMs(), windowSec)).toList();
            faults = FaultLoss.attribute(faults, consumers.slicesByPath(), failures);
            consumers.writeWindowsCsv(runDir.resolve("windows.csv"), measured.startMs(), faults);
        }
        FaultWarnings.of(faults, consumers != null).forEach(warnings::add);
        RunSummary.LogCounts logCounts = LogCounts.read(runDir.resolve("logs"));
        RunSummary summary = new RunSummary(runId, s.name(), s.broker(), s.durationSec(), s.warmupSecOrDefault(),
                complete, drainSec, warnings.list(), produced, failed, devices.size(),
                Architecture.of(s).telemetryTopic(s),
                round(s.totalRatePerSec()),
                round(measured.ratePerSec()), paths,
                new RunSummary.Producer(totals.ackLatency(), totals.sendLag(), totals.ackLatencyAllRun(),
                        totals.sendLagAllRun()), host, totals.processes(), logCounts,
                faults.isEmpty() ? null : faults,
                security.mode().equals("plain") && security.rejected().isEmpty() ? null : security,
                actions.isEmpty() ? null : actions);
        Path file = runDir.resolve("summary.json");
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), summary);
        return new Orchestrator.RunSummaryFile(summary, file, devicesCsv, consumers == null ? null : report(runDir));
    }

    /**
     * report.html from the files just written (null if it could not be written: the results are complete without
     * it, and a run's exit code is about the run).
     */
    private Path report(Path runDir) {
        try {
            return ReportHtml.writeRun(runDir);
        } catch (IOException | RuntimeException e) {
            out.println("report.html not written: " + e);
            return null;
        }
    }


    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
