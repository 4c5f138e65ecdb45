package kafkasim.infra.flink;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The cluster overview ({@code GET /overview}).
 *
 * @param taskManagers   registered TaskManagers
 * @param slotsTotal     task slots of all TaskManagers
 * @param slotsAvailable free task slots
 * @param jobsRunning    jobs running (or restarting)
 * @param jobsFinished   jobs finished
 * @param jobsCancelled  jobs cancelled
 * @param jobsFailed     jobs failed
 * @param flinkVersion   e.g. "2.2.1"
 */
public record Overview(@JsonProperty("taskmanagers") int taskManagers,
                       @JsonProperty("slots-total") int slotsTotal,
                       @JsonProperty("slots-available") int slotsAvailable,
                       @JsonProperty("jobs-running") int jobsRunning,
                       @JsonProperty("jobs-finished") int jobsFinished,
                       @JsonProperty("jobs-cancelled") int jobsCancelled,
                       @JsonProperty("jobs-failed") int jobsFailed,
                       @JsonProperty("flink-version") String flinkVersion) {
}
