package kafkasim.simulation.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One consumer path in summary.json, counted from its metric records (they follow the path's checkpoints, so every
 * message is counted once, also across a restore) and checked against evidence the path did not write itself.
 * Always {@code received - receivedUnacknowledged + lostAcknowledged + backlog == produced}.
 *
 * @param received        distinct messages the path completed (fast: scored; medium: committed to PostgreSQL;
 *                        slow: in a committed file)
 * @param lost            messages the path skipped and never saw ({@code lostAcknowledged + lostUnacknowledged}):
 *                        seqs of a device missing before a later one arrived, less late arrivals
 * @param lostAcknowledged   of those, the ones the broker had acknowledged: a broken promise
 * @param lostUnacknowledged of those, the ones whose send failed (the producer was told so, or gave up waiting)
 * @param backlog         produced messages the path had not completed when the run ended (still in the broker)
 * @param duplicates      messages the path took again (a repeat in the topic, e.g. after a worker's kill -9)
 * @param receivedUnacknowledged messages the path received although their send failed (the producer gave up
 *                        waiting for the broker's acknowledgement, but the broker had them): in {@code received},
 *                        not in {@code produced}; null when there were none
 * @param ratePerSec      messages completed per second after the warm-up, until the generator stopped
 * @param latencyMs       scheduled send time → completion, of the messages completed after the warm-up
 * @param latencyMsAllRun the same over the whole run
 * @param detection       fast only: alerts and their precision/recall against the injected anomalies
 * @param replayed        medium only: rows the primary key skipped (replays after a restore)
 * @param evidence        what the path's own output says
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"received", "lost", "lostAcknowledged", "lostUnacknowledged", "backlog", "duplicates",
    "receivedUnacknowledged", "ratePerSec", "latencyMs", "latencyMsAllRun"})
public record PathSummary(long received, long lost, long lostAcknowledged, long lostUnacknowledged, long backlog,
                          long duplicates, Long receivedUnacknowledged,
                          double ratePerSec,
                          LatencyMs latencyMs, LatencyMs latencyMsAllRun, Detection detection, Long replayed,
                          Evidence evidence) {

    /** The fast path's alerts; precision/recall are null when undefined (no alerts, no anomalies). */
    public record Detection(long alerts, Double precision, Double recall) {
    }

    /**
     * Counts from the path's own output, each null where it does not apply or could not be read. (The Kafka
     * consumer group's lag is no evidence here: Flink's Kafka source commits offsets asynchronously after a
     * checkpoint, and the final savepoint's commit often never happens, so the group lags by up to a checkpoint.)
     *
     * @param rows          medium: rows in the {@code telemetry} table (unique by device and seq)
     * @param files         slow: committed part files
     * @param lines         slow: lines in them
     * @param distinctLines slow: distinct (deviceId, seq) among them
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Evidence(Long rows, Integer files, Long lines, Long distinctLines) {
    }
}
