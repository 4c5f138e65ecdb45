package kafkasim.simulation.dashboard;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import kafkasim.common.json.Json;

/**
 * The dashboard of a running simulation: a page, its event stream, the control API and {@code /metrics}, on
 * 127.0.0.1 only, every request checked against the {@link AccessToken} (401 without it or with a wrong one).
 *
 * <p>Why the JDK's {@code HttpServer}: a handful of routes for one local user need no framework, and it is the
 * server Prometheus' own {@code exporter-httpserver} builds on. Requests run on a small pool of daemon threads; each
 * open event stream holds one, so streams are capped ({@value #MAX_STREAMS}: 503 beyond).
 *
 * <pre>
 * GET  /                      the page
 * GET  /static/NAME           its script and styles, uPlot from the WebJar
 * GET  /api/state             {"latest": LiveSnapshot, "series": [SeriesPoint…], "verbs": […]}
 * GET  /api/events            text/event-stream: one LiveSnapshot per second
 * POST /api/actions/VERB      arguments as query parameters or a JSON object; 200 done, 400 refused, 404 no verb
 * GET  /metrics               Prometheus text format
 * </pre>
 */
public final class DashboardServer implements AutoCloseable {
    static final int MAX_STREAMS = 4;
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/";
    private static final Map<String, String> STATIC = Map.of(
            "dashboard.js", "dashboard/dashboard.js",
            "dashboard.css", "dashboard/dashboard.css",
            "uPlot.iife.min.js", UPLOT + "dist/uPlot.iife.min.js",
            "uPlot.min.css", UPLOT + "dist/uPlot.min.css",
            "uPlot.LICENSE", UPLOT + "LICENSE");

    private final HttpServer server;
    private final ExecutorService pool;
    private final AccessToken token;
    private final LiveFeed feed;
    private final DashboardMetrics metrics;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private volatile RunControls controls;
    private volatile boolean closed;

    private DashboardServer(HttpServer server, ExecutorService pool, AccessToken token, LiveFeed feed) {
        this.server = server;
        this.pool = pool;
        this.token = token;
        this.feed = feed;
        this.metrics = new DashboardMetrics(feed);
    }

    /**
     * Serves on 127.0.0.1:{@code port} (0: any free port).
     *
     * @throws IOException if the port cannot be bound (taken, or not allowed)
     */
    public static DashboardServer start(int port, AccessToken token, LiveFeed feed) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        ExecutorService pool = Executors.newFixedThreadPool(MAX_STREAMS + 4, r -> {
            Thread t = new Thread(r, "dashboard-http");
            t.setDaemon(true);
            return t;
        });
        DashboardServer d = new DashboardServer(server, pool, token, feed);
        server.setExecutor(pool);
        server.createContext("/", d::handle);
        server.start();
        return d;
    }

    /** The run the controls act on now (null between runs: actions answer 409). */
    public void controls(RunControls controls) {
        this.controls = controls;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address with its token: what the user opens. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/?token=" + token.value();
    }

    public LiveFeed feed() {
        return feed;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!token.admits(ex.getRequestURI().getRawQuery(), ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"kafkasim\"");
                send(ex, 401, "text/plain", "401: the dashboard's token is missing or wrong: open the URL kafkasim"
                        + " printed (…/?token=…), or send Authorization: Bearer TOKEN\n");
                return;
            }
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.startsWith("/api/actions/")) {
                if (!method.equals("POST")) {
                    send(ex, 405, "text/plain", "405: actions are POST\n");
                } else {
                    action(ex, path.substring("/api/actions/".length()));
                }
                return;
            }
            if (!method.equals("GET")) {
                send(ex, 405, "text/plain", "405: GET only here\n");
                return;
            }
            switch (path) {
                case "/", "/index.html" -> page(ex);
                case "/api/state" -> {
                    Map<String, Object> state = new LinkedHashMap<>();
                    state.put("latest", feed.latest());
                    state.put("series", feed.series());
                    state.put("verbs", RunControls.VERBS);
                    state.put("faultActions", kafkasim.common.scenario.Fault.ACTIONS);
                    send(ex, 200, "application/json", Json.mapper().writeValueAsString(state));
                }
                case "/api/events" -> events(ex);
                case "/metrics" -> {
                    ex.getResponseHeaders().set("Content-Type", metrics.contentType());
                    ex.sendResponseHeaders(200, 0);
                    try (OutputStream out = ex.getResponseBody()) {
                        metrics.write(out);
                    }
                }
                default -> {
                    String name = path.startsWith("/static/") ? STATIC.get(path.substring(8)) : null;
                    if (name == null) {
                        send(ex, 404, "text/plain", "404: no such page\n");
                    } else {
                        resource(ex, name, contentType(name));
                    }
                }
            }
        } catch (IOException e) {
            // the browser went away mid-answer: nothing to tell it
        }
    }

    private void action(HttpExchange ex, String verb) throws IOException {
        if (!RunControls.VERBS.contains(verb)) {
            send(ex, 404, "application/json", json(false, "no action \"" + verb + "\" (actions: "
                    + String.join(", ", RunControls.VERBS) + ")"));
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && !pair.startsWith("token=")) {
                    params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        byte[] body = ex.getRequestBody().readNBytes(64 * 1024);
        if (body.length > 0 && !new String(body, StandardCharsets.UTF_8).isBlank()) {
            try {
                Map<String, Object> given = Json.mapper().readValue(body, new TypeReference<>() { });
                given.forEach((k, v) -> params.put(k, String.valueOf(v)));
            } catch (IOException e) {
                send(ex, 400, "application/json", json(false, "the body must be a JSON object of arguments: "
                        + e.getMessage().lines().findFirst().orElse("")));
                return;
            }
        }
        RunControls c = controls;
        if (c == null) {
            send(ex, 409, "application/json", json(false, "no run is in progress"));
            return;
        }
        RunControls.ActionResult r = c.act(verb, params, "http");
        send(ex, r.accepted() ? 200 : 400, "application/json", json(r.accepted(), r.message()));
    }

    /** One snapshot per second until the page goes away or the dashboard closes. */
    private void events(HttpExchange ex) throws IOException {
        if (!streams.tryAcquire()) {
            send(ex, 503, "text/plain", "503: " + MAX_STREAMS + " event streams are open already\n");
            return;
        }
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            long seen = feed.sequence();
            while (!closed) {
                long now = feed.awaitAfter(seen, 15_000);
                LiveSnapshot s = feed.latest();
                String frame = now != seen && s != null ? "data: " + Json.mapper().writeValueAsString(s) + "\n\n"
                        : ": keep-alive\n\n";
                seen = now;
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.release();
        }
    }

    /** The page, its links carrying the token (its scripts and styles are behind the token too). */
    private void page(HttpExchange ex) throws IOException {
        try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream("dashboard/index.html")) {
            if (in == null) {
                send(ex, 500, "text/plain", "500: dashboard/index.html is missing from the jar\n");
                return;
            }
            String html = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("%TOKEN%", token.value());
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            send(ex, 200, "text/html; charset=utf-8", html);
        }
    }

    private void resource(HttpExchange ex, String name, String contentType) throws IOException {
        try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                send(ex, 500, "text/plain", "500: " + name + " is missing from the jar\n");
                return;
            }
            byte[] bytes = in.readAllBytes();
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
        }
    }

    private static String contentType(String name) {
        return name.endsWith(".js") ? "text/javascript; charset=utf-8"
                : name.endsWith(".css") ? "text/css; charset=utf-8" : "text/plain; charset=utf-8";
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static String json(boolean accepted, String message) throws IOException {
        return Json.mapper().writeValueAsString(new RunControls.ActionResult(accepted, message));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closed = true;
        synchronized (feed) {
            feed.notifyAll(); // open streams see closed at once
        }
        server.stop(0);
        pool.shutdownNow();
    }
}
