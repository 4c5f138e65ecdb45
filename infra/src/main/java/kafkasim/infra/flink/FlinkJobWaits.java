package kafkasim.infra.flink;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The waits of {@link FlinkRestClient}: a job polled until it runs or reaches a state, a savepoint until it is
 * complete; each failure says what was seen last and the job's latest exception.
 */
final class FlinkJobWaits {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Set<String> GLOBALLY_TERMINAL = Set.of("FINISHED", "CANCELED", "FAILED");

    private final FlinkRestClient client;
    private final FlinkHttp http;

    FlinkJobWaits(FlinkRestClient client, FlinkHttp http) {
        this.client = client;
        this.http = http;
    }

    /** See {@link FlinkRestClient#awaitRunning}. */
    void running(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JobDetails details = client.jobDetails(jobId);
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

    /** See {@link FlinkRestClient#awaitState}. */
    JobStatus state(String jobId, Duration timeout, String... states) {
        Set<String> wanted = Set.of(states);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JobStatus status = client.job(jobId);
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

    /** Polls {@code GET statusPath} until the savepoint is COMPLETED; its location. */
    String savepoint(String jobId, String statusPath, Duration timeout) {
        String statusEndpoint = "GET " + statusPath;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode status = http.getTree(statusPath, FlinkRestClient.REQUEST_TIMEOUT);
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                String location = operation.path("location").asText("");
                if (!location.isEmpty()) {
                    return location;
                }
                String cause = operation.path("failure-cause").path("stack-trace").asText(
                        operation.path("failure-cause").toString());
                throw new FlinkRestException(statusEndpoint, 200, List.of(cause), "stop-with-savepoint of job "
                        + jobId + " failed (Flink REST " + statusEndpoint + " at " + http.baseUrl() + "): "
                        + FlinkHttp.abbreviate(cause), null);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("stop-with-savepoint of job " + jobId + " did not complete within "
                        + timeout.toMillis() / 1000.0 + " s (last status " + FlinkHttp.abbreviate(status.toString())
                        + ")");
            }
            sleep(POLL_INTERVAL);
        }
    }

    /** The job's latest exception (first lines of its stack trace) for an error message, or "". */
    private String latestFailure(String jobId) {
        try {
            JsonNode root = http.getTree("/jobs/" + FlinkHttp.encode(jobId) + "/exceptions",
                    FlinkRestClient.REQUEST_TIMEOUT);
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

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling Flink", e);
        }
    }
}
