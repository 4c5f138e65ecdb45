package kafkasim.generator.orchestrator;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code summary.json} of a generator run (keys are a contract: see DESIGN.md).
 *
 * @param produced       messages the broker acknowledged: sum of devices.csv's produced column
 * @param sendErrors     messages whose send failed after the producer's retries (each leaves a seq gap)
 * @param devices        devices that sent at least one message
 * @param scheduledPerSec messages per second the scenario schedules
 * @param producedPerSec produced / durationSec
 * @param producer       acknowledgement latency (broker ack − scheduled send time) and send lag (actual send −
 *                       scheduled time), merged over all workers
 */
@JsonPropertyOrder({"runId", "scenario", "broker", "durationSec", "produced", "sendErrors", "devices", "topic",
    "scheduledPerSec", "producedPerSec", "producer", "processes", "log"})
public record GeneratorSummary(String runId, String scenario, String broker, int durationSec, long produced,
                        long sendErrors, int devices, String topic, double scheduledPerSec, double producedPerSec,
                        Producer producer, RunTotals.ProcessCounts processes, LogCounts log) {

    public record Producer(LatencyMs ackLatencyMs, LatencyMs sendLagMs) {
    }

    /** Log records written to the per-process files, and records the loggers had to drop. */
    public record LogCounts(long written, long dropped) {
    }
}
