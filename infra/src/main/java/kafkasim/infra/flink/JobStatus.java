package kafkasim.infra.flink;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A job as Flink's REST API lists it ({@code GET /jobs/overview}, {@code GET /jobs/:id}).
 *
 * @param id    the job id ({@code jid})
 * @param name  the job name given to {@code env.execute(name)}
 * @param state Flink's job state: INITIALIZING, CREATED, RUNNING, FAILING, FAILED, CANCELLING, CANCELED, FINISHED,
 *              RESTARTING, SUSPENDED, RECONCILING
 */
public record JobStatus(@JsonProperty("jid") String id, @JsonProperty("name") String name,
                        @JsonProperty("state") String state) {
    /** Whether the job has reached a globally terminal state (it will never run again in this cluster). */
    public boolean isGloballyTerminal() {
        return "FINISHED".equals(state) || "CANCELED".equals(state) || "FAILED".equals(state);
    }
}
