package kafkasim.simulation.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kafkasim.common.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard's server on loopback with a made-up run: its token, routes, actions and event stream. */
class DashboardServerIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final AccessToken TOKEN = AccessToken.random();
    private static final List<String> ACTIONS = new ArrayList<>();
    private static DashboardServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        server = DashboardServer.start(0, TOKEN, new LiveFeed());
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(String method, String path, String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRouteNeedsTheToken() throws Exception {
        for (String path : List.of("/", "/api/state", "/api/events", "/metrics", "/static/dashboard.js",
                "/static/uPlot.iife.min.js", "/nothing")) {
            assertEquals(401, send("GET", path, null, null).statusCode(), path);
            assertEquals(401, send("GET", path + "?token=" + TOKEN.value() + "0", null, null).statusCode(), path);
            assertEquals(401, send("GET", path, "Bearer x" + TOKEN.value(), null).statusCode(), path);
        }
        assertEquals(401, send("POST", "/api/actions/stop", null, null).statusCode());
        assertEquals(200, send("GET", "/static/uPlot.iife.min.js?token=" + TOKEN.value(), null, null).statusCode());
        HttpResponse<String> page = send("GET", "/?token=" + TOKEN.value(), null, null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/static/dashboard.js?token=" + TOKEN.value()), "the page's links carry it");
        assertTrue(!page.body().contains("http://") && !page.body().contains("https://"), "no CDN: works offline");
    }

    @Test
    void actionsReachTheRunAndBadOnesAreRefused() throws Exception {
        String auth = "Bearer " + TOKEN.value();
        assertEquals(409, send("POST", "/api/actions/pause", auth, null).statusCode(), "no run attached");
        server.controls((verb, params, source) -> {
            ACTIONS.add(verb + " " + params + " " + source);
            return new RunControls.ActionResult(!params.containsKey("count") || !params.get("count").startsWith("-"),
                    "done");
        });
        try {
            assertEquals(200, send("POST", "/api/actions/scale?type=t&count=8", auth, null).statusCode());
            assertEquals(200, send("POST", "/api/actions/fault", auth, "{\"command\": \"kill-worker 0\"}")
                    .statusCode());
            HttpResponse<String> refused = send("POST", "/api/actions/workers", auth, "{\"count\": -1}");
            assertEquals(400, refused.statusCode());
            assertEquals(false, Json.mapper().readTree(refused.body()).path("accepted").asBoolean(true));
            assertEquals(404, send("POST", "/api/actions/explode", auth, null).statusCode());
            assertEquals(400, send("POST", "/api/actions/scale", auth, "[1,").statusCode(), "not a JSON object");
            assertEquals(405, send("GET", "/api/actions/stop", auth, null).statusCode());
            assertEquals(List.of("scale {type=t, count=8} http", "fault {command=kill-worker 0} http",
                    "workers {count=-1} http"), ACTIONS);
        } finally {
            server.controls(null);
        }
    }

    @Test
    void theEventStreamSendsEachPublishedSecond() throws Exception {
        HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/events?token="
                + TOKEN.value())).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("text/event-stream", stream.headers().firstValue("Content-Type").orElse(""));
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertEquals("retry: 2000", r.readLine()); // the stream is open: what is published now reaches it
            server.feed().publish(Snapshots.at(2_000_000, 50, 500));
            String line;
            do {
                line = r.readLine();
            } while (line != null && !line.startsWith("data: "));
            JsonNode s = Json.mapper().readTree(line.substring(6));
            assertEquals(500, s.path("produced").asLong());
            assertEquals("worker 0", s.at("/processes/0/name").asText());
        }
        JsonNode state = Json.mapper().readTree(send("GET", "/api/state", "Bearer " + TOKEN.value(), null).body());
        assertTrue(state.path("series").size() >= 1);
        assertEquals(Map.of("fast", 3), Map.of("fast", state.at("/series/0/paths/fast").size()));
    }
}
