package kafkasim.simulation.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import kafkasim.common.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard during a real run, driven by Debian's chromium through chromium-driver (Selenium; no browser
 * download): the page's charts update, "count ×2" raises the produced rate, "kill worker 0" shows as a restart in
 * the process table, "reset workers" restarts every worker and the run goes on; afterwards every device's seqs in
 * the slow path's files are gapless and repeat only where the kill made the producer resend (the seqs whose send
 * was in flight when the worker died), none around the reset. Without the token, or with a wrong one, every page and
 * API answers 401; {@code /metrics} parses with the Prometheus client's own parser.
 */
class DashboardIT {
    private static final Pattern URL = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:(\\d+))/\\?token=(\\S+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void theDashboardShowsTheRunAndItsControlsActOnIt() throws Exception {
        Path scenario = Files.writeString(dir.resolve("dash.json"), """
                { "name": "dash", "durationSec": 120, "warmupSec": 3,
                  "kafka": { "partitions": 2 },
                  "paths": { "checkpointIntervalMs": 1000 },
                  "devices": [ { "type": "temperature", "count": 20, "ratePerSec": 5, "payloadBytes": 300 } ] }
                """);
        Path runDir = dir.resolve("run");
        try (GeneratorRun run = GeneratorRun.cli(runDir, List.of("run", scenario.toString(), "--out",
                runDir.toString()))) {
            Matcher m = URL.matcher(run.awaitLine(l -> URL.matcher(l).find(), Duration.ofSeconds(60)));
            assertTrue(m.find());
            String base = m.group(1);
            String token = m.group(3);
            for (String path : List.of("/", "/api/state", "/api/events", "/metrics", "/static/dashboard.js")) {
                assertEquals(401, get(base + path, null).statusCode(), path + " without a token");
                assertEquals(401, get(base + path + "?token=wrong" + token, null).statusCode(), path + " wrong token");
                assertEquals(401, get(base + path, "Bearer " + token + "x").statusCode(), path + " wrong bearer");
            }
            assertEquals(401, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/actions/stop"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode(), "an action without a token");
            run.awaitLine(l -> l.startsWith("warm-up over"), Duration.ofSeconds(180));

            WebDriver browser = chromium();
            try {
                browser.get(base + "/?token=" + token);
                int samples = samples(browser);
                await(() -> samples(browser) >= samples + 3, Duration.ofSeconds(20), "the charts get new points");
                double before = producedRate(base, token, 3);
                browser.findElement(By.id("scale-up-temperature")).click();
                await(() -> browser.findElement(By.id("action-result")).getText().contains("config written"),
                        Duration.ofSeconds(10), "scale answered");
                await(() -> producedRateNow(base, token) > 1.6 * before, Duration.ofSeconds(30),
                        "the produced rate rises after count ×2 (it was " + before + "/s)");

                long killedAtMs = System.currentTimeMillis();
                browser.findElement(By.id("kill-worker")).click();
                await(() -> restarts(browser, "worker 0") >= 1, Duration.ofSeconds(30),
                        "the process table shows worker 0 restarted");

                // the kill's restart settles before the reset: the duplicates its resend may make are the kill's
                await(() -> producedRateNow(base, token) > 1.6 * before, Duration.ofSeconds(30), "back after the kill");
                long resetAtMs = System.currentTimeMillis();
                browser.findElement(By.id("reset")).click();
                run.awaitLine(l -> l.startsWith("manager: reset:"), Duration.ofSeconds(60));
                long producedAfterReset = latest(base, token).path("produced").asLong();
                await(() -> latest(base, token).path("produced").asLong() > producedAfterReset + 200,
                        Duration.ofSeconds(30), "the run goes on after the reset");
                Path png = Path.of("target", "dashboard-it.png").toAbsolutePath(); // kept after the run folder is gone
                Files.write(png, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
                System.out.println("dashboard screenshot: " + png);

                assertPrometheusText(get(base + "/metrics", "Bearer " + token).body());

                // the run's duration is only an upper bound: the page's stop ends it (after a confirm dialog)
                browser.findElement(By.id("stop")).click();
                browser.switchTo().alert().accept();
                int exit = run.awaitExit(Duration.ofSeconds(240));
                assertTrue(exit == 0 || exit == 3, "exit " + exit);
                JsonNode summary = run.summary();
                List<String> verbs = new ArrayList<>();
                summary.path("actions").forEach(a -> verbs.add(a.path("verb").asText()));
                assertEquals(List.of("scale", "fault", "reset", "stop"), verbs, "summary.json lists the actions");
                assertSeqsGaplessAndRepeatedOnlyAtTheKill(runDir, killedAtMs, resetAtMs, summary);
                RunIT.assertAccountingAddsUp(summary);

                // the run's report.html, opened from disk: its charts are drawn, the actions are on them
                browser.get(runDir.resolve("report.html").toUri().toString());
                await(() -> browser.findElements(By.cssSelector(".uplot canvas")).size() >= 3, Duration.ofSeconds(20),
                        "report.html draws its charts from disk");
                assertTrue(browser.getPageSource().contains("scale type=temperature count=40"), "the scale action");
                Path reportPng = Path.of("target", "dashboard-it-report.png").toAbsolutePath();
                Files.write(reportPng, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
                System.out.println("report.html screenshot: " + reportPng);
            } finally {
                browser.quit();
            }
        }
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static int samples(WebDriver browser) {
        return Integer.parseInt(browser.findElement(By.id("samples")).getDomAttribute("data-count"));
    }

    /** Read in one script: the page redraws its tables every second, so a found cell may be gone a moment later. */
    private static int restarts(WebDriver browser, String process) {
        Object text = ((JavascriptExecutor) browser).executeScript("const c = document.querySelector("
                + "\"#processes tr[data-name='" + process + "'] td.restarts\"); return c ? c.textContent : '';");
        return text == null || text.toString().isBlank() ? 0 : Integer.parseInt(text.toString());
    }

    private static JsonNode latest(String base, String token) {
        try {
            return Json.mapper().readTree(get(base + "/api/state", "Bearer " + token).body()).path("latest");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double producedRateNow(String base, String token) {
        return latest(base, token).path("producedPerSec").asDouble();
    }

    /** The mean of the produced rate over {@code seconds} one-second samples. */
    private static double producedRate(String base, String token, int seconds) throws InterruptedException {
        double sum = 0;
        for (int i = 0; i < seconds; i++) {
            sum += producedRateNow(base, token);
            Thread.sleep(1000); // one sample per published second: this is the thing measured
        }
        return sum / seconds;
    }

    private static HttpResponse<String> get(String url, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!holds(condition)) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + what);
            Thread.sleep(250);
        }
    }

    private static boolean holds(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (StaleElementReferenceException e) {
            return false; // redrawn between finding and reading: ask again
        }
    }

    /** Parsed by the Prometheus Python client's own parser (Debian's python3-prometheus-client). */
    private static void assertPrometheusText(String text) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", """
                import sys
                from prometheus_client.parser import text_string_to_metric_families
                for f in text_string_to_metric_families(sys.stdin.read()):
                    for s in f.samples:
                        print(s.name)
                """).redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        List<String> names;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            names = r.lines().toList();
        }
        assertEquals(0, p.waitFor(), "the parser rejected /metrics: " + names);
        for (String name : List.of("kafkasim_produced_messages_total", "kafkasim_path_completed_messages_total",
                "kafkasim_path_latency_p99_seconds", "kafkasim_process_resident_memory_bytes")) {
            assertTrue(names.contains(name), name + " in " + names);
        }
    }

    /**
     * Per device in the slow path's files: seqs 0..max with no gap; a seq seen twice was scheduled around the kill
     * (the killed worker's unacknowledged sends, sent again by its successor), none around the reset; and the
     * repeats are the summary's duplicates.
     */
    private static void assertSeqsGaplessAndRepeatedOnlyAtTheKill(Path runDir, long killedAtMs, long resetAtMs,
                                                                  JsonNode summary) throws IOException {
        Map<String, Map<Long, List<Long>>> sentAtMsBySeq = new TreeMap<>();
        List<Path> parts;
        try (Stream<Path> s = Files.list(runDir.resolve("files"))) {
            parts = s.filter(p -> p.getFileName().toString().endsWith(".jsonl.gz")).toList();
        }
        for (Path part : parts) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(part)), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    JsonNode e = Json.mapper().readTree(line);
                    sentAtMsBySeq.computeIfAbsent(e.get("deviceId").asText(), d -> new HashMap<>())
                            .computeIfAbsent(e.get("seq").asLong(), q -> new ArrayList<>())
                            .add(e.get("sentAtUs").asLong() / 1000);
                }
            }
        }
        assertEquals(40, sentAtMsBySeq.size(), "20 devices, then 40 after count ×2");
        long repeats = 0;
        for (Map.Entry<String, Map<Long, List<Long>>> device : sentAtMsBySeq.entrySet()) {
            Map<Long, List<Long>> seqs = device.getValue();
            for (long seq = 0; seq < seqs.size(); seq++) {
                assertTrue(seqs.containsKey(seq), device.getKey() + ": seq " + seq + " is missing");
                List<Long> sentAtMs = seqs.get(seq);
                if (sentAtMs.size() > 1) {
                    repeats += sentAtMs.size() - 1;
                    for (long at : sentAtMs) { // the first send just before the kill, the resend at the restart
                        assertTrue(at > killedAtMs - 5000 && at < resetAtMs, device.getKey() + ": seq " + seq
                                + " repeated, scheduled at " + at + " ms: not at the kill (" + killedAtMs
                                + "), maybe at the reset (" + resetAtMs + ")");
                    }
                }
            }
        }
        assertEquals(summary.at("/paths/slow/duplicates").asLong(), repeats, "the files' repeats are the summary's");
    }
}
