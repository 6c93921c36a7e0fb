package keystorm.results.report;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's Chromium and chromedriver (Debian's chromium and chromium-driver), driven headless:
 * both paths are given, so Selenium Manager never runs and nothing is downloaded.
 */
final class HeadlessChromium {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** Why the browser cannot run here, or null when it can. */
    static String missing() {
        StringBuilder why = new StringBuilder();
        for (Path p : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(p)) {
                why.append(why.isEmpty() ? "" : " and ").append(p);
            }
        }
        return why.isEmpty() ? null : why + " missing (install Debian's chromium and chromium-driver)";
    }

    static ChromeDriver start(Path userDataDir) throws IOException {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + Files.createDirectories(userDataDir));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        return new ChromeDriver(service, options);
    }

    /**
     * Opens {@code page} and waits (without sleeping) until it says every chart has drawn.
     *
     * @return milliseconds from navigation start to keystormReady, by the page's own clock
     */
    static double open(ChromeDriver driver, Path page, Duration timeout) {
        driver.get(page.toUri().toString());
        JavascriptExecutor js = driver;
        new WebDriverWait(driver, timeout).pollingEvery(Duration.ofMillis(20))
                .until(d -> Boolean.TRUE.equals(js.executeScript("return window.keystormReady === true;")));
        return ((Number) js.executeScript("return window.keystormReadyMillis;")).doubleValue();
    }
}
