package kafkasim.generator.cli;

import kafkasim.generator.report.LatencyMs;
import kafkasim.generator.orchestrator.Orchestrator;

/** The few lines printed at the end of a run. */
final class Report {
    private Report() {
    }

    static void print(Orchestrator.RunSummaryFile result) {
        var s = result.summary();
        System.out.printf("produced %,d messages (%,.1f/s after the %d s warm-up) from %,d devices, %,d send errors%n",
                s.produced(), s.producedPerSec(), s.warmupSec(), s.devices(), s.sendErrors());
        System.out.printf("processes: %d started, %d restarted, %d crashed; log records: %,d written, %,d dropped%n",
                s.processes().started(), s.processes().restarted(), s.processes().crashed(), s.log().written(),
                s.log().dropped());
        System.out.printf("producer ack latency ms after the warm-up: p50 %.2f  p99 %.2f  p999 %.2f  max %.2f%n",
                s.producer().ackLatencyMs().p50(), s.producer().ackLatencyMs().p99(),
                s.producer().ackLatencyMs().p999(), s.producer().ackLatencyMs().max());
        System.out.println("summary: " + result.file());
        System.out.println("devices: " + result.devicesCsv());
    }
}
