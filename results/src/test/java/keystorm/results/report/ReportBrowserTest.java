package keystorm.results.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Opens written pages in headless Chromium: every chart drawn (an ECharts instance, a canvas with
 * pixels, an option with data), no console error, and a screenshot to look at
 * (target/report-screenshot.png). Skipped where the system's chromium or chromedriver is missing.
 */
class ReportBrowserTest {
    private static final Path SELENIUM_CACHE = Path.of(System.getProperty("user.home"), ".cache", "selenium");
    private static final String CHARTS = """
            return Array.prototype.map.call(document.querySelectorAll('.chart'), function (div) {
              var chart = echarts.getInstanceByDom(div);
              var canvas = div.querySelector('canvas');
              var inked = 0;
              if (canvas) {
                var px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                for (var i = 0; i < px.length; i += 4) {
                  if (px[i + 3] > 0 && (px[i] < 250 || px[i + 1] < 250 || px[i + 2] < 250)) { inked++; }
                }
              }
              var data = 0;
              if (chart) {
                chart.getOption().series.forEach(function (s) { data += (s.data || s.links || []).length; });
              }
              return { name: div.getAttribute('data-chart'), instance: !!chart, inked: inked, data: data };
            });""";

    @TempDir
    static Path dir;
    static ChromeDriver driver;
    static boolean cacheBefore;

    @BeforeAll
    static void start() throws IOException {
        String missing = HeadlessChromium.missing();
        assumeTrue(missing == null, () -> "browser test skipped: " + missing);
        cacheBefore = Files.exists(SELENIUM_CACHE);
        driver = HeadlessChromium.start(dir.resolve("chrome-profile"));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void aTestRunsPageDrawsEveryChartWithoutErrors() throws IOException {
        Path run = dir.resolve("test-run");
        RunFixture.Written w = RunFixture.write(run, 10, 5, 2000, 21, true);
        RunFixture.writeJson(w, 10, true);
        Path page = Report.write(run);

        List<Map<String, Object>> charts = openAndCheck(page, 9);
        assertThat(charts).extracting(c -> c.get("name")).contains("latency", "anomaly-1-figure", "anomaly-1-timeline");
        screenshot(Path.of("target", "report-screenshot.png"));
        // each chart alone too, to look at closely
        Path chartShots = Files.createDirectories(Path.of("target", "report-charts"));
        for (WebElement div : driver.findElements(By.cssSelector(".chart"))) {
            Files.write(chartShots.resolve(div.getAttribute("data-chart") + ".png"), div.getScreenshotAs(OutputType.BYTES));
        }
    }

    @Test
    void aBenchPageAndAComparisonDrawToo() throws IOException {
        Path bench = dir.resolve("bench-run");
        Files.createDirectories(bench);
        Files.writeString(bench.resolve("results.json"), BenchFixture.results().toString());
        openAndCheck(Report.write(bench), 6);
        screenshot(Path.of("target", "report-bench-screenshot.png"));

        Path run = dir.resolve("compare-test-run");
        RunFixture.Written w = RunFixture.write(run, 5, 4, 2000, 22, true);
        RunFixture.writeJson(w, 5, false);
        Path compare = ComparePage.write(List.of(run, bench), dir.resolve("compare.html"));
        openAndCheck(compare, 2);
    }

    @Test
    void aSuitePageWithNoChartIsReadyAtOnce() throws IOException {
        Path suite = dir.resolve("suite-run");
        Files.createDirectories(suite);
        Files.writeString(suite.resolve("results.json"), "{\"format\":1,\"kind\":\"suite\",\"validity\":\"valid\",\"cells\":"
                + "[{\"workload\":\"register\",\"nemesis\":\"none\",\"seed\":1,\"validity\":\"valid\",\"operations\":5,"
                + "\"dir\":\"c1\"}]}");
        openAndCheck(Report.write(suite), 0);

        // the console check can fail: an error the page logs is seen
        driver.executeScript("console.error('probe: an error on the page')");
        assertThat(driver.manage().logs().get(LogType.BROWSER).getAll()).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(e.getMessage()).contains("probe: an error on the page");
        });
    }

    private static List<Map<String, Object>> openAndCheck(Path page, int expectedCharts) {
        double millis = HeadlessChromium.open(driver, page, Duration.ofSeconds(60));
        assertThat(millis).isPositive();
        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(severe).as("console errors of %s", page).isEmpty();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> charts = (List<Map<String, Object>>) driver.executeScript(CHARTS);
        assertThat(charts).hasSize(expectedCharts);
        assertThat(charts).allSatisfy(c -> {
            assertThat(c.get("instance")).as("%s has an ECharts instance", c.get("name")).isEqualTo(true);
            assertThat(((Number) c.get("inked")).longValue()).as("%s has drawn pixels", c.get("name")).isGreaterThan(500);
            assertThat(((Number) c.get("data")).longValue()).as("%s has data", c.get("name")).isPositive();
        });
        // both paths given: Selenium Manager never ran (it unpacks itself into ~/.cache/selenium first)
        if (!cacheBefore) {
            assertThat(SELENIUM_CACHE).doesNotExist();
        }
        return charts;
    }

    /** The whole page, beyond the window, through the DevTools protocol. */
    private static void screenshot(Path out) throws IOException {
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(out.toAbsolutePath().getParent());
        byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
        Files.write(out, png);
        assertThat(png.length).isGreaterThan(10_000);
    }
}
