package kafkasim.simulation.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A comparison's report.html opened from disk in headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}): what the unit tests cannot see, that the page's script runs and uPlot draws every chart
 * with both architectures in its legend. Needs Debian's chromium and chromium-driver (.ci/run installs them).
 */
class ReportPageIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    void theComparisonDrawsEveryChartWithBothArchitectures() throws Exception {
        Path kafka = RunFolderFixture.write(dir.resolve("kafka"), "kafka", ReportHtmlTest.CLOCK_START_MS,
                ReportHtmlTest.SCENARIO, ReportHtmlTest.WARNING, ReportHtmlTest.FAULT_TARGET, "", true);
        Path mqtt = RunFolderFixture.write(dir.resolve("mqtt"), "mqtt", ReportHtmlTest.CLOCK_START_MS + 60_000,
                ReportHtmlTest.SCENARIO, ReportHtmlTest.WARNING, ReportHtmlTest.FAULT_TARGET,
                ", \"actions\": [ { \"atMs\": %d, \"verb\": \"reload\", \"accepted\": true } ]"
                        .formatted(ReportHtmlTest.CLOCK_START_MS + 60_000 + 3_000), false);
        Path report = ReportHtml.writeComparison(dir, kafka, mqtt);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,2000");
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(report.toUri().toString());
            File shot = browser.getScreenshotAs(OutputType.FILE); // for a person to look at after a failure
            Files.copy(shot.toPath(), Path.of("target", "report-page-it.png"), StandardCopyOption.REPLACE_EXISTING);
            assertFalse(browser.findElement(By.id("chart-error")).isDisplayed(),
                    browser.findElement(By.id("chart-error")).getText());
            // completed and latency for every path; lost/duplicates only for fast, the one path with any
            assertEquals("7", browser.findElement(By.tagName("body")).getAttribute("data-charts"));
            assertEquals(7, browser.findElements(By.cssSelector("#charts .uplot canvas")).size());
            List<String> legend = browser.findElements(By.cssSelector("#charts .u-legend .u-label")).stream()
                    .map(WebElement::getText).toList();
            for (String series : List.of("Kafka", "MQTT", "Kafka p50", "Kafka p99", "MQTT p50", "MQTT p99",
                    "Kafka lost", "Kafka duplicates")) {
                assertTrue(legend.contains(series), series + " in " + legend);
            }
            assertTrue(browser.findElement(By.id("charts")).getText().contains("0 in every window of medium, slow"),
                    "the paths without loss are said so, not drawn");
            assertTrue(browser.findElement(By.tagName("h1")).getText().contains(ReportHtmlTest.SCENARIO),
                    "the escaped name reads as written");
        } finally {
            browser.quit();
        }
    }
}
