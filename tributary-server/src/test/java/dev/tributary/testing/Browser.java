package dev.tributary.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs), with helpers for waiting on the page and saving screenshots for the docs.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    /** Screenshots land in the docs, which show them (docs/console.md). */
    private static final Path SCREENSHOTS = Path.of("..", "docs", "img");

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Whether a missing browser fails the run instead of skipping its tests: {@code .ci/run} sets
     * {@code TRIBUTARY_REQUIRE_BROWSER}, having installed it.
     */
    public static boolean required() {
        return Boolean.parseBoolean(System.getenv("TRIBUTARY_REQUIRE_BROWSER"));
    }

    public static Browser start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options));
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public <T> T await(String what, Function<WebDriver, T> condition) {
        // Pages re-render as answers arrive: an element found a moment ago may be gone; look again.
        return new WebDriverWait(driver, Duration.ofSeconds(20)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** The element once it is on the page and shown. */
    public WebElement shown(By by) {
        return await("shown: " + by, d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    public WebElement shown(String css) {
        return shown(By.cssSelector(css));
    }

    public void click(String css) {
        shown(css).click();
    }

    public void type(String css, String text) {
        WebElement field = shown(css);
        field.clear();
        field.sendKeys(text);
    }

    /** The element's text once it contains {@code expected}. */
    public String textContaining(String css, String expected) {
        return await("'" + expected + "' in " + css, d -> d.findElements(By.cssSelector(css)).stream()
                .map(WebElement::getText).filter(text -> text.contains(expected)).findFirst().orElse(null));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    public Map<String, Object> sessionStorage() {
        @SuppressWarnings("unchecked")
        Map<String, Object> items = (Map<String, Object>) driver.executeScript(
                "return Object.fromEntries(Object.entries(sessionStorage))");
        return items;
    }

    /** Saves the visible page as {@code docs/img/<name>.png}. */
    public void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Errors the page reported (script errors, Content-Security-Policy violations), since the last call. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
