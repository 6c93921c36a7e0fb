package keystorm.results.report;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * How long a page takes to open: {@code -Dtest=ReportOpenTime -Dkeystorm.reportFile=PATH} opens PATH
 * three times in headless Chromium and prints its size and the time from navigation start to
 * keystormReady (the page's performance.now()). Runs only when the property is given.
 */
class ReportOpenTime {
    @TempDir
    Path dir;

    @Test
    void openTime() throws IOException {
        String file = System.getProperty("keystorm.reportFile");
        assumeTrue(file != null && !file.isBlank(), "give -Dkeystorm.reportFile=PATH to time a page");
        String missing = HeadlessChromium.missing();
        assumeTrue(missing == null, () -> "skipped: " + missing);
        Path page = Path.of(file).toAbsolutePath();
        ChromeDriver driver = HeadlessChromium.start(dir.resolve("chrome-profile"));
        try {
            for (int i = 1; i <= 3; i++) {
                double millis = HeadlessChromium.open(driver, page, Duration.ofMinutes(2));
                System.out.printf(Locale.ROOT, "ReportOpenTime %s: %,d bytes, open %d: %.0f ms to keystormReady%n", page,
                        Files.size(page), i, millis);
            }
        } finally {
            driver.quit();
        }
    }
}
