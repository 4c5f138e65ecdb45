package kafkasim.infra.flink;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A small client for Flink's REST API (the one the web dashboard and {@code flink run} use), built on
 * {@code java.net.http} and Jackson only: the generator talks to any Flink cluster (embedded or {@code --flink
 * host:port}) without Flink on its classpath. Thread-safe.
 *
 * <p>Every failed call throws {@link FlinkRestException}, whose message names the endpoint, the HTTP status and
 * Flink's {@code errors} array.
 */
public final class FlinkRestClient {
    /** Per-request timeout of ordinary calls. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Timeout of a jar upload and of {@code /jars/:id/run} (the JobManager runs the job's main method). */
    public static final Duration LONG_REQUEST_TIMEOUT = Duration.ofMinutes(3);
    /** Default timeout of {@link #stopWithSavepoint(String, String)}. */
    public static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(2);
    private final FlinkHttp http;
    private final FlinkJobWaits waits;

    /**
     * A client for the REST endpoint at {@code address}: {@code http://host:port} (an {@code https} URL is accepted
     * too) or plain {@code host:port}.
     */
    public FlinkRestClient(String address) {
        this.http = new FlinkHttp(address);
        this.waits = new FlinkJobWaits(this, http);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8081}. */
    public String baseUrl() {
        return http.baseUrl();
    }

    // ------------------------------------------------------------------------------------------------- cluster

    /** {@code GET /overview}: TaskManagers, slots and job counts. */
    public Overview overview() {
        return overview(REQUEST_TIMEOUT);
    }

    /** {@code GET /overview} with a request timeout of its own (short for readiness polling). */
    Overview overview(Duration timeout) {
        return http.getAs("/overview", timeout, Overview.class);
    }

    /** {@code GET /taskmanagers}: the resource ids of the registered TaskManagers. */
    public List<String> taskManagerIds() {
        return taskManagerIds(REQUEST_TIMEOUT);
    }

    List<String> taskManagerIds(Duration timeout) {
        JsonNode root = http.getTree("/taskmanagers", timeout);
        List<String> ids = new ArrayList<>();
        root.path("taskmanagers").forEach(tm -> ids.add(tm.path("id").asText()));
        return ids;
    }

    // ---------------------------------------------------------------------------------------------------- jars

    /**
     * {@code POST /jars/upload}: uploads a job jar (multipart form field {@code jarfile}).
     *
     * @return the jar id that {@link #runJar} takes (the uploaded file's name, e.g. {@code <uuid>_jobs.jar})
     */
    public String uploadJar(Path jar) {
        String endpoint = "POST /jars/upload";
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("job jar " + jar + " does not exist");
        }
        HttpRequest request = http.jarUpload("/jars/upload", jar, LONG_REQUEST_TIMEOUT);
        JsonNode answer = http.sendTree(request, endpoint);
        String filename = answer.path("filename").asText("");
        if (!"success".equals(answer.path("status").asText()) || filename.isEmpty()) {
            throw http.without(endpoint, "a jar", answer);
        }
        return Path.of(filename).getFileName().toString();
    }

    /**
     * {@code POST /jars/:jarId/run}: runs the jar's {@code entryClass} with {@code programArgs} (sent as
     * {@code programArgsList}: Flink 2.2 silently ignores a plain {@code programArgs} string).
     *
     * @param parallelism default parallelism of the job; 0 or less leaves the cluster's default
     * @return the job id
     */
    public String runJar(String jarId, String entryClass, List<String> programArgs, int parallelism) {
        return runJar(jarId, entryClass, programArgs, parallelism, null);
    }

    /**
     * As {@link #runJar(String, String, List, int)}, restoring the job's state from {@code savepointPath} (a
     * savepoint or retained checkpoint; null for a fresh start).
     */
    public String runJar(String jarId, String entryClass, List<String> programArgs, int parallelism,
                         String savepointPath) {
        Objects.requireNonNull(jarId, "jarId");
        Objects.requireNonNull(programArgs, "programArgs");
        String path = "/jars/" + FlinkHttp.encode(jarId) + "/run";
        String endpoint = "POST " + path;
        Map<String, Object> body = new LinkedHashMap<>();
        if (entryClass != null) {
            body.put("entryClass", entryClass);
        }
        body.put("programArgsList", List.copyOf(programArgs));
        if (parallelism > 0) {
            body.put("parallelism", parallelism);
        }
        if (savepointPath != null) {
            body.put("savepointPath", savepointPath);
        }
        JsonNode answer = http.sendTree(http.json(path, "POST", body, LONG_REQUEST_TIMEOUT), endpoint);
        String jobId = answer.path("jobid").asText("");
        if (jobId.isEmpty()) {
            throw http.without(endpoint, "a job id", answer);
        }
        return jobId;
    }

    /** {@code DELETE /jars/:jarId}: removes an uploaded jar. */
    public void deleteJar(String jarId) {
        String path = "/jars/" + FlinkHttp.encode(jarId);
        http.send(http.request(path, REQUEST_TIMEOUT).DELETE().build(), "DELETE " + path);
    }

    // ---------------------------------------------------------------------------------------------------- jobs

    /** {@code GET /jobs/overview}: every job the cluster knows (running and recently ended). */
    public List<JobStatus> jobs() {
        JobsOverview overview = http.getAs("/jobs/overview", REQUEST_TIMEOUT, JobsOverview.class);
        return overview.jobs() == null ? List.of() : List.copyOf(overview.jobs());
    }

    /** {@code GET /jobs/:id}: the job's name and state. */
    public JobStatus job(String jobId) {
        return jobDetails(jobId).status();
    }

    /** {@code GET /jobs/:id}: the job with its vertices. */
    public JobDetails jobDetails(String jobId) {
        String path = "/jobs/" + FlinkHttp.encode(jobId);
        return http.getAs(path, REQUEST_TIMEOUT, JobDetails.class);
    }

    /**
     * Waits until the job is RUNNING and so is every vertex (all tasks deployed and initialized).
     *
     * @throws IllegalStateException if the job ends first (the message quotes its latest exception) or the
     *                               timeout passes (the message gives the states seen last)
     */
    public void awaitRunning(String jobId, Duration timeout) {
        waits.running(jobId, timeout);
    }

    /**
     * Waits until the job's state is one of {@code states} (e.g. FINISHED).
     *
     * @return the job's status at that moment
     * @throws IllegalStateException if the job reaches another globally terminal state or the timeout passes
     */
    public JobStatus awaitState(String jobId, Duration timeout, String... states) {
        return waits.state(jobId, timeout, states);
    }

    /** {@code PATCH /jobs/:id?mode=cancel}: cancels the job (asynchronously; see {@link #awaitState}). */
    public void cancel(String jobId) {
        String path = "/jobs/" + FlinkHttp.encode(jobId);
        HttpRequest request = http.request(path + "?mode=cancel", REQUEST_TIMEOUT)
                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                .build();
        http.send(request, "PATCH " + path + "?mode=cancel");
    }

    /**
     * Stops the job with a savepoint and waits up to {@link #SAVEPOINT_TIMEOUT} for it.
     *
     * @see #stopWithSavepoint(String, String, Duration)
     */
    public String stopWithSavepoint(String jobId, String targetDir) {
        return stopWithSavepoint(jobId, targetDir, SAVEPOINT_TIMEOUT);
    }

    /**
     * {@code POST /jobs/:id/stop}, then polls {@code GET /jobs/:id/savepoints/:triggerId} until the savepoint is
     * COMPLETED. The job ends FINISHED.
     *
     * @param targetDir directory (URI or path) for the savepoint; null for the cluster's
     *                  {@code execution.checkpointing.savepoint-dir}
     * @return the savepoint's path (as Flink reports it, e.g. {@code file:/…/savepoint-abc123-…})
     * @throws FlinkRestException if Flink reports the savepoint failed (the message quotes the cause)
     * @throws IllegalStateException if the savepoint is not complete within {@code timeout}
     */
    public String stopWithSavepoint(String jobId, String targetDir, Duration timeout) {
        return stopWithSavepoint(jobId, targetDir, timeout, false);
    }

    /**
     * As {@link #stopWithSavepoint(String, String, Duration)}; with {@code drain} the sources emit the final
     * watermark before stopping, so every open event-time window fires (Flink's "stop --drain").
     */
    public String stopWithSavepoint(String jobId, String targetDir, Duration timeout, boolean drain) {
        String path = "/jobs/" + FlinkHttp.encode(jobId) + "/stop";
        String endpoint = "POST " + path;
        Map<String, Object> body = new LinkedHashMap<>();
        if (targetDir != null) {
            body.put("targetDirectory", targetDir);
        }
        body.put("drain", drain);
        JsonNode trigger = http.sendTree(http.json(path, "POST", body, REQUEST_TIMEOUT), endpoint);
        String triggerId = trigger.path("request-id").asText("");
        if (triggerId.isEmpty()) {
            throw http.without(endpoint, "a request-id", trigger);
        }
        return waits.savepoint(jobId, "/jobs/" + FlinkHttp.encode(jobId) + "/savepoints/"
                + FlinkHttp.encode(triggerId), timeout);
    }

    // ------------------------------------------------------------------------------------------------ checkpoints

    /** {@code GET /jobs/:id/checkpoints}: the job's checkpoint counters and its latest completed checkpoint. */
    public CheckpointStats checkpoints(String jobId) {
        JsonNode root = http.getTree("/jobs/" + FlinkHttp.encode(jobId) + "/checkpoints", REQUEST_TIMEOUT);
        return CheckpointStats.of(root);
    }

    /** Id of the job's latest completed checkpoint, -1 if it has none yet. */
    public long lastCheckpointId(String jobId) {
        return checkpoints(jobId).lastCompletedId();
    }

    // ------------------------------------------------------------------------------------------------------ raw

    /** {@code GET path} returning the raw body (e.g. the dashboard's HTML at {@code /}). */
    public String getText(String path) {
        return http.send(http.get(path, REQUEST_TIMEOUT), "GET " + path);
    }

    /** {@code GET /jobs/overview}. */
    record JobsOverview(@JsonProperty("jobs") List<JobStatus> jobs) {
    }
}
