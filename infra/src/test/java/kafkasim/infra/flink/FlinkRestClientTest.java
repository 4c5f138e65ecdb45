package kafkasim.infra.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import kafkasim.common.json.Json;
import kafkasim.infra.FreePorts;

/** Request shapes and error handling of {@link FlinkRestClient}, against a tiny in-process fake of Flink's API. */
class FlinkRestClientTest {

    /** One request as the fake saw it. */
    record Seen(String method, String path, String query, String protocol, Map<String, List<String>> headers,
                byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** A canned answer. */
    record Answer(int status, String body) {
    }

    private HttpServer server;
    private FlinkRestClient client;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** Answers by "METHOD /path"; several answers for one key are given out in turn, the last one repeatedly. */
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();

    @BeforeEach
    void startFake() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            seen.add(new Seen(exchange.getRequestMethod(), path, exchange.getRequestURI().getQuery(),
                    exchange.getProtocol(), Map.copyOf(exchange.getRequestHeaders()), body));
            Deque<Answer> queue = answers.get(exchange.getRequestMethod() + " " + path);
            Answer answer = queue == null ? new Answer(404, "{\"errors\":[\"Not found: " + path + "\"]}")
                    : queue.size() > 1 ? queue.poll() : queue.peek();
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
        client = new FlinkRestClient("127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopFake() {
        server.stop(0);
    }

    private void answer(String key, int status, String... bodies) {
        Deque<Answer> queue = new ArrayDeque<>();
        for (String b : bodies) {
            queue.add(new Answer(status, b));
        }
        answers.put(key, queue);
    }

    private Seen only(String method, String path) {
        List<Seen> matching = seen.stream().filter(s -> s.method().equals(method) && s.path().equals(path)).toList();
        assertEquals(1, matching.size(), "requests " + method + " " + path + " among " + seen);
        return matching.get(0);
    }

    @Test
    void addressMayBeHostPortOrUrl() {
        assertEquals("http://127.0.0.1:8081", new FlinkRestClient("127.0.0.1:8081").baseUrl());
        assertEquals("http://127.0.0.1:8081", new FlinkRestClient("http://127.0.0.1:8081/").baseUrl());
        assertThrows(IllegalArgumentException.class, () -> new FlinkRestClient(""));
        assertThrows(IllegalArgumentException.class, () -> new FlinkRestClient("127.0.0.1"));
    }

    @Test
    void uploadsTheJarAsMultipartFieldJarfile(@TempDir Path dir) throws IOException {
        byte[] jarBytes = new byte[70_000];
        for (int i = 0; i < jarBytes.length; i++) {
            jarBytes[i] = (byte) (i * 31);
        }
        Path jar = Files.write(dir.resolve("jobs.jar"), jarBytes);
        answer("POST /jars/upload", 200,
                "{\"filename\":\"/tmp/flink-web-x/flink-web-upload/1234abcd_jobs.jar\",\"status\":\"success\"}");

        assertEquals("1234abcd_jobs.jar", client.uploadJar(jar));

        Seen s = only("POST", "/jars/upload");
        assertEquals("HTTP/1.1", s.protocol());
        assertNull(s.header("Upgrade"), "no h2c upgrade: Flink's server speaks HTTP/1.1 only");
        String contentType = s.header("Content-Type");
        assertTrue(contentType.startsWith("multipart/form-data; boundary="), contentType);
        String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"jobs.jar\"\r\n"
                + "Content-Type: application/x-java-archive\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        byte[] body = s.body();
        assertEquals(head.length() + jarBytes.length + tail.length(), body.length);
        assertEquals(head, new String(body, 0, head.length(), StandardCharsets.ISO_8859_1));
        byte[] content = java.util.Arrays.copyOfRange(body, head.length(), head.length() + jarBytes.length);
        assertArrayEquals(jarBytes, content);
        assertEquals(tail, new String(body, body.length - tail.length(), tail.length(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void runsAJarWithProgramArgsList() throws IOException {
        answer("POST /jars/1234abcd_jobs.jar/run", 200, "{\"jobid\":\"a1b2c3\"}");

        String jobId = client.runJar("1234abcd_jobs.jar", "kafkasim.jobs.FastPath",
                List.of("--bootstrap", "127.0.0.1:9092", "--topic", "iot telemetry"), 2);

        assertEquals("a1b2c3", jobId);
        Seen s = only("POST", "/jars/1234abcd_jobs.jar/run");
        assertTrue(s.header("Content-Type").startsWith("application/json"), s.header("Content-Type"));
        JsonNode body = Json.mapper().readTree(s.body());
        assertEquals("kafkasim.jobs.FastPath", body.path("entryClass").asText());
        assertEquals(2, body.path("parallelism").asInt());
        assertTrue(body.path("programArgsList").isArray(), body.toString());
        assertEquals(List.of("--bootstrap", "127.0.0.1:9092", "--topic", "iot telemetry"),
                Json.mapper().convertValue(body.path("programArgsList"), List.class));
        assertFalse(body.has("programArgs"), "Flink 2.2 ignores programArgs: " + body);
        assertFalse(body.has("savepointPath"), body.toString());
    }

    @Test
    void runWithSavepointAndDefaultParallelism() throws IOException {
        answer("POST /jars/j.jar/run", 200, "{\"jobid\":\"x\"}");
        client.runJar("j.jar", null, List.of(), 0, "file:/sp/savepoint-1");
        JsonNode body = Json.mapper().readTree(only("POST", "/jars/j.jar/run").body());
        assertEquals("file:/sp/savepoint-1", body.path("savepointPath").asText());
        assertFalse(body.has("parallelism"), body.toString());
        assertFalse(body.has("entryClass"), body.toString());
        assertTrue(body.path("programArgsList").isArray() && body.path("programArgsList").isEmpty(), body.toString());
    }

    @Test
    void cancelsWithPatchModeCancel() {
        answer("PATCH /jobs/a1b2c3", 202, "{}");
        client.cancel("a1b2c3");
        Seen s = only("PATCH", "/jobs/a1b2c3");
        assertEquals("mode=cancel", s.query());
        assertEquals(0, s.body().length);
    }

    @Test
    void errorsNameEndpointStatusAndFlinksErrors() {
        answer("POST /jars/j.jar/run", 400,
                "{\"errors\":[\"org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute "
                        + "application.\",\"Caused by: java.lang.ClassNotFoundException: kafkasim.jobs.Nope\"]}");
        FlinkRestException e = assertThrows(FlinkRestException.class,
                () -> client.runJar("j.jar", "kafkasim.jobs.Nope", List.of(), 1));
        assertEquals(400, e.status());
        assertEquals("POST /jars/j.jar/run", e.endpoint());
        assertEquals(2, e.errors().size());
        assertTrue(e.getMessage().contains("POST /jars/j.jar/run"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
        assertTrue(e.getMessage().contains("ClassNotFoundException: kafkasim.jobs.Nope"), e.getMessage());
        assertTrue(e.getMessage().contains(client.baseUrl()), e.getMessage());
    }

    @Test
    void errorWithoutJsonQuotesTheBody() {
        answer("GET /overview", 503, "<html>proxy says no</html>");
        FlinkRestException e = assertThrows(FlinkRestException.class, client::overview);
        assertEquals(503, e.status());
        assertTrue(e.getMessage().contains("GET /overview") && e.getMessage().contains("HTTP 503")
                && e.getMessage().contains("proxy says no"), e.getMessage());
        assertTrue(e.errors().isEmpty());
    }

    @Test
    void unknownJobIs404WithFlinksMessage() {
        FlinkRestException e = assertThrows(FlinkRestException.class, () -> client.job("ffff"));
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("GET /jobs/ffff") && e.getMessage().contains("Not found"), e.getMessage());
    }

    @Test
    void noServerIsAnErrorNamingTheEndpoint() {
        int port = FreePorts.pick();
        FlinkRestClient nobody = new FlinkRestClient("127.0.0.1:" + port);
        FlinkRestException e = assertThrows(FlinkRestException.class, nobody::overview);
        assertEquals(FlinkRestException.NO_RESPONSE, e.status());
        assertTrue(e.getMessage().contains("GET /overview") && e.getMessage().contains(":" + port)
                && e.getMessage().contains("no response"), e.getMessage());
    }

    @Test
    void responsesWithFieldsWeDoNotModelAreRead() {
        answer("GET /overview", 200, "{\"taskmanagers\":2,\"slots-total\":16,\"slots-available\":13,"
                + "\"jobs-running\":1,\"jobs-finished\":2,\"jobs-cancelled\":0,\"jobs-failed\":0,"
                + "\"flink-version\":\"2.2.1\",\"flink-commit\":\"450c63e\",\"taskmanagers-blocked\":0,"
                + "\"something-new\":{\"a\":1}}");
        answer("GET /jobs/overview", 200, "{\"jobs\":[{\"jid\":\"j1\",\"name\":\"fast path\",\"start-time\":1,"
                + "\"end-time\":-1,\"duration\":5,\"state\":\"RUNNING\",\"last-modification\":1,"
                + "\"tasks\":{\"running\":2,\"total\":2},\"pending-operators\":0}]}");
        assertEquals(new Overview(2, 16, 13, 1, 2, 0, 0, "2.2.1"), client.overview());
        assertEquals(List.of(new JobStatus("j1", "fast path", "RUNNING")), client.jobs());
    }

    @Test
    void strictnessOtherThanUnknownFieldsStays() {
        answer("GET /overview", 200, "{\"taskmanagers\":\"2\"}"); // a string where a number belongs
        FlinkRestException e = assertThrows(FlinkRestException.class, client::overview);
        assertTrue(e.getMessage().contains("GET /overview") && e.getMessage().contains("unexpected body"),
                e.getMessage());
    }

    @Test
    void awaitRunningWaitsForEveryVertex() {
        String deploying = "{\"jid\":\"j1\",\"name\":\"n\",\"state\":\"RUNNING\",\"isStoppable\":false,\"vertices\":["
                + "{\"id\":\"v1\",\"name\":\"Source\",\"parallelism\":1,\"status\":\"RUNNING\"},"
                + "{\"id\":\"v2\",\"name\":\"Sink\",\"parallelism\":2,\"status\":\"DEPLOYING\"}]}";
        String running = deploying.replace("DEPLOYING", "RUNNING");
        answer("GET /jobs/j1", 200, deploying, deploying, running);
        client.awaitRunning("j1", Duration.ofSeconds(10));
        assertEquals(3, seen.stream().filter(s -> s.path().equals("/jobs/j1")).count());
    }

    @Test
    void awaitRunningReportsAFailedJobWithItsException() {
        answer("GET /jobs/j1", 200, "{\"jid\":\"j1\",\"name\":\"n\",\"state\":\"FAILED\",\"vertices\":[]}");
        answer("GET /jobs/j1/exceptions", 200, "{\"exceptionHistory\":{\"entries\":[{\"exceptionName\":\"x\","
                + "\"stacktrace\":\"java.lang.IllegalStateException: broker gone\\n\\tat a.b.C\",\"timestamp\":1}],"
                + "\"truncated\":false}}");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> client.awaitRunning("j1", Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("FAILED") && e.getMessage().contains("broker gone"), e.getMessage());
    }

    @Test
    void awaitRunningTimesOutNamingTheStates() {
        answer("GET /jobs/j1", 200, "{\"jid\":\"j1\",\"name\":\"n\",\"state\":\"CREATED\",\"vertices\":["
                + "{\"id\":\"v1\",\"name\":\"Source\",\"parallelism\":1,\"status\":\"SCHEDULED\"}]}");
        answer("GET /jobs/j1/exceptions", 200, "{\"exceptionHistory\":{\"entries\":[],\"truncated\":false}}");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> client.awaitRunning("j1", Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("CREATED") && e.getMessage().contains("Source=SCHEDULED"), e.getMessage());
    }

    @Test
    void stopWithSavepointPollsUntilCompleted() throws IOException {
        answer("POST /jobs/j1/stop", 202, "{\"request-id\":\"t-1\"}");
        answer("GET /jobs/j1/savepoints/t-1", 200, "{\"status\":{\"id\":\"IN_PROGRESS\"},\"operation\":null}",
                "{\"status\":{\"id\":\"COMPLETED\"},"
                        + "\"operation\":{\"location\":\"file:/w/savepoints/savepoint-j1-x\"}}");

        assertEquals("file:/w/savepoints/savepoint-j1-x", client.stopWithSavepoint("j1", "file:///w/savepoints"));

        JsonNode body = Json.mapper().readTree(only("POST", "/jobs/j1/stop").body());
        assertEquals("file:///w/savepoints", body.path("targetDirectory").asText());
        assertFalse(body.path("drain").asBoolean(true));
    }

    @Test
    void failedSavepointQuotesTheCause() {
        answer("POST /jobs/j1/stop", 202, "{\"request-id\":\"t-1\"}");
        answer("GET /jobs/j1/savepoints/t-1", 200, "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{"
                + "\"failure-cause\":{\"class\":\"x\",\"stack-trace\":\"CheckpointException: task not ready\"}}}");
        FlinkRestException e = assertThrows(FlinkRestException.class, () -> client.stopWithSavepoint("j1", null));
        assertTrue(e.getMessage().contains("task not ready"), e.getMessage());
    }

    @Test
    void checkpointStatsAndLastCheckpointId() {
        answer("GET /jobs/j1/checkpoints", 200, "{\"counts\":{\"restored\":1,\"total\":7,\"in_progress\":1,"
                + "\"completed\":5,\"failed\":1},\"summary\":{},\"latest\":{\"completed\":{\"@class\":\"completed\","
                + "\"id\":6,\"status\":\"COMPLETED\",\"external_path\":\"file:/w/checkpoints/j1/chk-6\"},"
                + "\"savepoint\":null,\"failed\":null,\"restored\":{\"id\":3,\"restore_timestamp\":1}},"
                + "\"history\":[]}");
        CheckpointStats stats = client.checkpoints("j1");
        assertEquals(new CheckpointStats(7, 5, 1, 1, 1, 6, "file:/w/checkpoints/j1/chk-6", 3), stats);
        assertEquals(6, client.lastCheckpointId("j1"));

        answer("GET /jobs/j2/checkpoints", 200, "{\"counts\":{\"restored\":0,\"total\":0,\"in_progress\":0,"
                + "\"completed\":0,\"failed\":0},\"latest\":{\"completed\":null,\"restored\":null},\"history\":[]}");
        assertEquals(-1, client.lastCheckpointId("j2"));
    }

    @Test
    void taskManagerIds() {
        answer("GET /taskmanagers", 200, "{\"taskmanagers\":[{\"id\":\"taskmanager-0\",\"slotsNumber\":8},"
                + "{\"id\":\"taskmanager-2\",\"slotsNumber\":8}]}");
        assertEquals(List.of("taskmanager-0", "taskmanager-2"), client.taskManagerIds());
    }
}
