package kafkasim.infra.flink;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A job with its vertices ({@code GET /jobs/:id}); a job is fully running when it is RUNNING and so is every vertex.
 *
 * @param id       the job id ({@code jid})
 * @param name     the job name
 * @param state    the job state (see {@link JobStatus#state()})
 * @param vertices the job graph's vertices (operator chains)
 */
public record JobDetails(@JsonProperty("jid") String id, @JsonProperty("name") String name,
                         @JsonProperty("state") String state, @JsonProperty("vertices") List<Vertex> vertices) {
    public JobDetails {
        vertices = vertices == null ? List.of() : List.copyOf(vertices);
    }

    /**
     * One vertex.
     *
     * @param id          vertex id
     * @param name        the chained operators' names
     * @param parallelism its parallelism
     * @param status      execution state of the vertex: CREATED, SCHEDULED, DEPLOYING, INITIALIZING, RUNNING, …
     */
    public record Vertex(@JsonProperty("id") String id, @JsonProperty("name") String name,
                         @JsonProperty("parallelism") int parallelism, @JsonProperty("status") String status) {
    }

    /** The job is RUNNING and every vertex is RUNNING (tasks deployed and past initialization). */
    public boolean isFullyRunning() {
        return "RUNNING".equals(state) && !vertices.isEmpty()
                && vertices.stream().allMatch(v -> "RUNNING".equals(v.status()));
    }

    public JobStatus status() {
        return new JobStatus(id, name, state);
    }
}
