package kafkasim.infra.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

import kafkasim.common.json.Json;

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
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final int MAX_ERROR_CHARS = 4000;
    private static final Set<String> GLOBALLY_TERMINAL = Set.of("FINISHED", "CANCELED", "FAILED");

    /*
     * Requests are written with the project's strict mapper. Responses are read with a reader of that same mapper
     * that ignores unknown properties, for REST responses only: we do not own Flink's response schema; it carries
     * dozens of fields we do not model and gains new ones between Flink versions, and a field added by Flink must
     * not break kafkasim. Everything else stays strict (no coercion of scalars, no null primitives).
     */
    private static final ObjectReader RESPONSE_READER = Json.mapper().reader()
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectWriter REQUEST_WRITER = Json.mapper().writer();

    private final URI base;
    private final HttpClient http;

    /**
     * A client for the REST endpoint at {@code address}: {@code http://host:port} (an {@code https} URL is accepted
     * too) or plain {@code host:port}.
     */
    public FlinkRestClient(String address) {
        this.base = baseUri(address);
        // HTTP/1.1 explicitly: for http:// URIs the JDK client otherwise asks for an h2c upgrade on every request,
        // which Flink's Netty server does not speak
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8081}. */
    public String baseUrl() {
        String s = base.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    static URI baseUri(String address) {
        Objects.requireNonNull(address, "address");
        String a = address.strip();
        if (a.isEmpty()) {
            throw new IllegalArgumentException("Flink REST address is empty");
        }
        if (!a.startsWith("http://") && !a.startsWith("https://")) {
            a = "http://" + a;
        }
        URI uri = URI.create(a.endsWith("/") ? a : a + "/");
        if (uri.getHost() == null || uri.getPort() == -1 && !a.startsWith("https://")) {
            throw new IllegalArgumentException("Flink REST address must be host:port or http://host:port, was '"
                    + address + "'");
        }
        return uri;
    }

    // ------------------------------------------------------------------------------------------------- cluster

    /** {@code GET /overview}: TaskManagers, slots and job counts. */
    public Overview overview() {
        return overview(REQUEST_TIMEOUT);
    }

    /** {@code GET /overview} with a request timeout of its own (short for readiness polling). */
    Overview overview(Duration timeout) {
        return read(send(get("/overview", timeout), "GET /overview"), Overview.class, "GET /overview");
    }

    /** {@code GET /taskmanagers}: the resource ids of the registered TaskManagers. */
    public List<String> taskManagerIds() {
        return taskManagerIds(REQUEST_TIMEOUT);
    }

    List<String> taskManagerIds(Duration timeout) {
        JsonNode root = tree(send(get("/taskmanagers", timeout), "GET /taskmanagers"), "GET /taskmanagers");
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
        String boundary = "kafkasim-" + UUID.randomUUID();
        String fileName = jar.getFileName().toString();
        if (!fileName.endsWith(".jar")) {
            fileName = fileName + ".jar"; // Flink rejects uploads whose file name does not end with .jar
        }
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"" + fileName.replace("\"", "_")
                + "\"\r\n"
                + "Content-Type: application/x-java-archive\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                    HttpRequest.BodyPublishers.ofFile(jar),
                    HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read job jar " + jar, e);
        }
        HttpRequest request = request("/jars/upload", LONG_REQUEST_TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(body)
                .build();
        JsonNode answer = tree(send(request, endpoint), endpoint);
        String filename = answer.path("filename").asText("");
        if (!"success".equals(answer.path("status").asText()) || filename.isEmpty()) {
            throw new FlinkRestException(endpoint, 200, List.of(), "Flink REST " + endpoint + " at " + baseUrl()
                    + " answered without a jar: " + abbreviate(answer.toString()), null);
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
        String path = "/jars/" + encode(jarId) + "/run";
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
        JsonNode answer = tree(send(jsonRequest(path, "POST", body, LONG_REQUEST_TIMEOUT), endpoint), endpoint);
        String jobId = answer.path("jobid").asText("");
        if (jobId.isEmpty()) {
            throw new FlinkRestException(endpoint, 200, List.of(), "Flink REST " + endpoint + " at " + baseUrl()
                    + " answered without a job id: " + abbreviate(answer.toString()), null);
        }
        return jobId;
    }

    /** {@code DELETE /jars/:jarId}: removes an uploaded jar. */
    public void deleteJar(String jarId) {
        String path = "/jars/" + encode(jarId);
        send(request(path, REQUEST_TIMEOUT).DELETE().build(), "DELETE " + path);
    }

    // ---------------------------------------------------------------------------------------------------- jobs

    /** {@code GET /jobs/overview}: every job the cluster knows (running and recently ended). */
    public List<JobStatus> jobs() {
        JobsOverview overview = read(send(get("/jobs/overview", REQUEST_TIMEOUT), "GET /jobs/overview"),
                JobsOverview.class, "GET /jobs/overview");
        return overview.jobs() == null ? List.of() : List.copyOf(overview.jobs());
    }

    /** {@code GET /jobs/:id}: the job's name and state. */
    public JobStatus job(String jobId) {
        return jobDetails(jobId).status();
    }

    /** {@code GET /jobs/:id}: the job with its vertices. */
    public JobDetails jobDetails(String jobId) {
        String path = "/jobs/" + encode(jobId);
        return read(send(get(path, REQUEST_TIMEOUT), "GET " + path), JobDetails.class, "GET " + path);
    }

    /**
     * Waits until the job is RUNNING and so is every vertex (all tasks deployed and initialized).
     *
     * @throws IllegalStateException if the job ends first (the message quotes its latest exception) or the
     *                               timeout passes (the message gives the states seen last)
     */
    public void awaitRunning(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JobDetails details = jobDetails(jobId);
            if (details.isFullyRunning()) {
                return;
            }
            if (GLOBALLY_TERMINAL.contains(details.state())) {
                throw new IllegalStateException("job " + jobId + " (" + details.name() + ") ended " + details.state()
                        + " before all its vertices were RUNNING" + latestFailure(jobId));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("job " + jobId + " (" + details.name() + ") was not fully RUNNING "
                        + "within " + timeout.toMillis() / 1000.0 + " s; state " + details.state() + ", vertices "
                        + details.vertices().stream().map(v -> v.name() + "=" + v.status())
                        .collect(Collectors.joining(", ", "[", "]")) + latestFailure(jobId));
            }
            sleep(POLL_INTERVAL);
        }
    }

    /**
     * Waits until the job's state is one of {@code states} (e.g. FINISHED).
     *
     * @return the job's status at that moment
     * @throws IllegalStateException if the job reaches another globally terminal state or the timeout passes
     */
    public JobStatus awaitState(String jobId, Duration timeout, String... states) {
        Set<String> wanted = Set.of(states);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JobStatus status = job(jobId);
            if (wanted.contains(status.state())) {
                return status;
            }
            if (status.isGloballyTerminal()) {
                throw new IllegalStateException("job " + jobId + " (" + status.name() + ") ended " + status.state()
                        + " while waiting for " + wanted + latestFailure(jobId));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("job " + jobId + " (" + status.name() + ") did not reach " + wanted
                        + " within " + timeout.toMillis() / 1000.0 + " s; state " + status.state());
            }
            sleep(POLL_INTERVAL);
        }
    }

    /** {@code PATCH /jobs/:id?mode=cancel}: cancels the job (asynchronously; see {@link #awaitState}). */
    public void cancel(String jobId) {
        String path = "/jobs/" + encode(jobId);
        HttpRequest request = request(path + "?mode=cancel", REQUEST_TIMEOUT)
                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                .build();
        send(request, "PATCH " + path + "?mode=cancel");
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
        String path = "/jobs/" + encode(jobId) + "/stop";
        String endpoint = "POST " + path;
        Map<String, Object> body = new LinkedHashMap<>();
        if (targetDir != null) {
            body.put("targetDirectory", targetDir);
        }
        body.put("drain", drain);
        JsonNode trigger = tree(send(jsonRequest(path, "POST", body, REQUEST_TIMEOUT), endpoint), endpoint);
        String triggerId = trigger.path("request-id").asText("");
        if (triggerId.isEmpty()) {
            throw new FlinkRestException(endpoint, 200, List.of(), "Flink REST " + endpoint + " at " + baseUrl()
                    + " answered without a request-id: " + abbreviate(trigger.toString()), null);
        }
        String statusPath = "/jobs/" + encode(jobId) + "/savepoints/" + encode(triggerId);
        String statusEndpoint = "GET " + statusPath;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode status = tree(send(get(statusPath, REQUEST_TIMEOUT), statusEndpoint), statusEndpoint);
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                String location = operation.path("location").asText("");
                if (!location.isEmpty()) {
                    return location;
                }
                String cause = operation.path("failure-cause").path("stack-trace").asText(
                        operation.path("failure-cause").toString());
                throw new FlinkRestException(statusEndpoint, 200, List.of(cause), "stop-with-savepoint of job "
                        + jobId + " failed (Flink REST " + statusEndpoint + " at " + baseUrl() + "): "
                        + abbreviate(cause), null);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("stop-with-savepoint of job " + jobId + " did not complete within "
                        + timeout.toMillis() / 1000.0 + " s (last status " + abbreviate(status.toString()) + ")");
            }
            sleep(POLL_INTERVAL);
        }
    }

    // ------------------------------------------------------------------------------------------------ checkpoints

    /** {@code GET /jobs/:id/checkpoints}: the job's checkpoint counters and its latest completed checkpoint. */
    public CheckpointStats checkpoints(String jobId) {
        String path = "/jobs/" + encode(jobId) + "/checkpoints";
        String endpoint = "GET " + path;
        JsonNode root = tree(send(get(path, REQUEST_TIMEOUT), endpoint), endpoint);
        JsonNode counts = root.path("counts");
        JsonNode completed = root.path("latest").path("completed");
        JsonNode restored = root.path("latest").path("restored");
        return new CheckpointStats(
                counts.path("total").asLong(0),
                counts.path("completed").asLong(0),
                counts.path("failed").asLong(0),
                counts.path("in_progress").asLong(0),
                counts.path("restored").asLong(0),
                completed.isObject() ? completed.path("id").asLong(-1) : -1,
                completed.isObject() && completed.hasNonNull("external_path")
                        ? completed.path("external_path").asText() : null,
                restored.isObject() ? restored.path("id").asLong(-1) : -1);
    }

    /** Id of the job's latest completed checkpoint, -1 if it has none yet. */
    public long lastCheckpointId(String jobId) {
        return checkpoints(jobId).lastCompletedId();
    }

    // ----------------------------------------------------------------------------------------------- internals

    /** {@code GET path} returning the raw body (e.g. the dashboard's HTML at {@code /}). */
    public String getText(String path) {
        return send(get(path, REQUEST_TIMEOUT), "GET " + path);
    }

    /** The job's latest exception (first lines of its stack trace) for an error message, or "". */
    private String latestFailure(String jobId) {
        try {
            String path = "/jobs/" + encode(jobId) + "/exceptions";
            JsonNode root = tree(send(get(path, REQUEST_TIMEOUT), "GET " + path), "GET " + path);
            JsonNode entries = root.path("exceptionHistory").path("entries");
            String trace = entries.isArray() && entries.size() > 0
                    ? entries.get(0).path("stacktrace").asText("")
                    : root.path("root-exception").asText("");
            if (trace.isEmpty()) {
                return "";
            }
            return "; latest exception: " + trace.lines().limit(6).collect(Collectors.joining("\n  "));
        } catch (RuntimeException e) {
            return "";
        }
    }

    private HttpRequest get(String path, Duration timeout) {
        return request(path, timeout).GET().build();
    }

    private HttpRequest jsonRequest(String path, String method, Object body, Duration timeout) {
        String json;
        try {
            json = REQUEST_WRITER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize the request body of " + method + " " + path, e);
        }
        return request(path, timeout)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
    }

    private HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery.substring(1)))
                .timeout(timeout)
                .header("Accept", "application/json");
    }

    /** Sends the request; a 2xx answer's body is returned, anything else becomes a {@link FlinkRestException}. */
    private String send(HttpRequest request, String endpoint) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FlinkRestException(endpoint, FlinkRestException.NO_RESPONSE, List.of(), "Flink REST " + endpoint
                    + " at " + baseUrl() + ": no response (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkRestException(endpoint, FlinkRestException.NO_RESPONSE, List.of(), "Flink REST " + endpoint
                    + " at " + baseUrl() + ": interrupted", e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response.body();
        }
        throw error(endpoint, status, response.body());
    }

    /** The exception for a non-2xx answer, quoting Flink's {@code errors} array (or the body if it has none). */
    FlinkRestException error(String endpoint, int status, String body) {
        List<String> errors = new ArrayList<>();
        try {
            JsonNode node = RESPONSE_READER.readTree(body == null ? "" : body);
            if (node != null && node.path("errors").isArray()) {
                node.path("errors").forEach(e -> errors.add(e.asText()));
            }
        } catch (IOException notJson) {
            // quoted as body below
        }
        String detail = errors.isEmpty()
                ? (body == null || body.isBlank() ? "(empty body)" : abbreviate(body.strip()))
                : errors.stream().map(FlinkRestClient::abbreviate)
                        .collect(Collectors.joining("\n  ", "errors: [", "]"));
        return new FlinkRestException(endpoint, status, errors, "Flink REST " + endpoint + " at " + baseUrl()
                + " failed: HTTP " + status + ": " + detail, null);
    }

    private static <T> T read(String body, Class<T> type, String endpoint) {
        try {
            return RESPONSE_READER.forType(type).readValue(body);
        } catch (IOException e) {
            throw new FlinkRestException(endpoint, 200, List.of(), "Flink REST " + endpoint
                    + " answered with an unexpected body (" + e.getMessage() + "): " + abbreviate(body), e);
        }
    }

    private static JsonNode tree(String body, String endpoint) {
        try {
            JsonNode node = RESPONSE_READER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new IOException("empty body");
            }
            return node;
        } catch (IOException e) {
            throw new FlinkRestException(endpoint, 200, List.of(), "Flink REST " + endpoint
                    + " answered with an unexpected body (" + e.getMessage() + "): " + abbreviate(body), e);
        }
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS) + "… (" + s.length() + " chars)";
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling Flink", e);
        }
    }

    /** {@code GET /jobs/overview}. */
    record JobsOverview(@JsonProperty("jobs") List<JobStatus> jobs) {
    }
}
