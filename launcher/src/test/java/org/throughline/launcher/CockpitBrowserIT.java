package org.throughline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.throughline.testing.KeycloakServer;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cockpit in a real browser: Debian's Chromium, headless, driven through Debian's chromedriver. The CFO and the
 * CIO sign in through Keycloak's own form and must see the same figures, the pricing cut-over's PROGRESS_BIAS among
 * them; the page is read at 1280×800 and at a phone's width, and walked with the keyboard; a value recorded through
 * the API reaches both their pages by subscription, without a reload. Screenshots go to
 * target/cockpit-screenshots. Needs the browser, so only ./cockpit-check.sh runs it (the test command does not).
 */
@EnabledIfSystemProperty(named = "throughline.cockpit.browser", matches = "true",
        disabledReason = "needs Chromium and chromedriver: run ./cockpit-check.sh")
@ExtendWith(SharedPlatforms.class)
class CockpitBrowserIT {

    private static final Path SCREENSHOTS = Path.of("target", "cockpit-screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** What every signed-in user sees alike: the initiative, its signals and its milestones (not one's own items). */
    private static final List<String> SHARED = List.of("overview", "bias", "milestones", "signals");

    private static CockpitSite site;

    @BeforeAll
    static void startPlatform() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        // A platform of its own: it records a value of quote turnaround, which the classes sharing one assert on.
        site = CockpitSite.on(SharedPlatforms.withDemo(SharedPlatforms.ownPlatform("cockpit-browser-logs", true)));
    }

    @AfterAll
    static void stopPlatform() {
        if (site != null) {
            site.platform().close();
        }
    }

    @Test
    void theCfoAndTheCioSignedInThroughKeycloakSeeTheSameFiguresWithProgressBiasOnThePricingCutOver()
            throws IOException {
        String cfo = figuresSeenBy("cfo", "Farid Okafor");
        String cio = figuresSeenBy("cio", "Ingrid Olsen");
        assertEquals(cfo, cio);
    }

    @Test
    void onAPhoneTheCockpitFitsTheScreenWidthAndTheKeyboardReachesTheFigures() throws IOException {
        WebDriver browser = chromium(390, 844);
        try {
            signIn(browser, "cfo");
            JavascriptExecutor script = (JavascriptExecutor) browser;
            long overflow = (Long) script.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertEquals(0, overflow, "the page scrolls sideways on a phone");
            screenshot(browser, "cockpit-cfo-phone.png");

            // The first Tab reaches the skip link; following it puts the focus on the figures.
            new Actions(browser).sendKeys(Keys.TAB).perform();
            WebElement skip = browser.switchTo().activeElement();
            assertEquals("Skip to the figures", skip.getText());
            skip.sendKeys(Keys.ENTER);
            assertEquals("main", browser.switchTo().activeElement().getAttribute("id"));
            // The refresh button is reached by Tab and works from the keyboard.
            WebElement refresh = browser.findElement(By.id("refresh"));
            refresh.sendKeys(Keys.ENTER);
            new WebDriverWait(browser, PATIENCE).until(driver -> driver.findElement(By.id("status")).getText()
                    .contains(CockpitSite.LIVE));
        } finally {
            browser.quit();
        }
    }

    @Test
    void aMeasurementRecordedThroughTheApiChangesTheCfosAndTheCiosCockpitsWithoutAReload() throws IOException {
        WebDriver cfo = chromium(1280, 800);
        WebDriver cio = chromium(1280, 800);
        try {
            List<WebDriver> executives = List.of(cfo, cio);
            signIn(cfo, "cfo");
            signIn(cio, "cio");
            for (WebDriver browser : executives) {
                new WebDriverWait(browser, PATIENCE).until(driver -> "live".equals(driver.findElement(
                        By.tagName("body")).getAttribute("data-updates")));
                assertTrue(browser.findElement(By.id("status")).getText().contains("subscribed"),
                        browser.findElement(By.id("status")).getText());
                ((JavascriptExecutor) browser).executeScript("window.sameDocument = true");
            }
            // A value nobody shows yet: the sales steward records it for today, through the gateway.
            String value = "47.25";
            GraphQLClient steward = site.platform().clientAs("sales-steward");
            String kpi = null;
            for (JsonNode each : steward.data("{ kpis { id name } }", Map.of()).get("kpis")) {
                kpi = "Quote turnaround time".equals(each.get("name").asText()) ? each.get("id").asText() : kpi;
            }
            steward.data("""
                    mutation Measure($kpi: ID!, $value: Float!, $day: Date!) {
                      recordMeasurement(measurement: { kpiId: $kpi, value: $value, observedAt: $day }) { id }
                    }
                    """, Map.of("kpi", kpi, "value", Double.valueOf(value),
                    "day", LocalDate.now(ZoneOffset.UTC).toString()));
            for (WebDriver browser : executives) {
                new WebDriverWait(browser, PATIENCE).until(driver -> driver.findElement(By.cssSelector(
                        "tbody.milestone[data-title='Pricing engine cut-over']")).getText().contains(value));
                assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.sameDocument"),
                        "the page changed without being loaded again");
            }
            screenshot(cfo, "cockpit-cfo-after-a-new-value.png");
        } finally {
            cfo.quit();
            cio.quit();
        }
    }

    private static String figuresSeenBy(String user, String name) throws IOException {
        WebDriver browser = chromium(1280, 800);
        try {
            signIn(browser, user);
            assertTrue(browser.findElement(By.id("user")).getText().contains(name));
            WebElement cutOver = browser.findElement(By.cssSelector(
                    "tbody.milestone[data-title='Pricing engine cut-over'] > tr"));
            String facts = cutOver.getText().toLowerCase(Locale.ROOT);
            assertTrue(facts.contains("delivered") && facts.contains("green") && facts.contains("progress bias"), facts);
            String bias = browser.findElement(By.id("bias-list")).getText();
            assertTrue(bias.contains("PROGRESS_BIAS") && bias.contains("Pricing engine cut-over"), bias);
            assertTrue(browser.findElement(By.id("person-body")).getText().contains(name + " (" + user + ")"));
            screenshot(browser, "cockpit-" + user + "-1280x800.png");
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'})",
                    browser.findElement(By.cssSelector("tbody.milestone[data-title='Pricing engine cut-over']")));
            screenshot(browser, "cockpit-" + user + "-pricing-cut-over.png");
            return SHARED.stream().map(id -> browser.findElement(By.id(id)).getText())
                    .collect(Collectors.joining("\n----\n"));
        } finally {
            browser.quit();
        }
    }

    private static void signIn(WebDriver browser, String user) {
        browser.get(site.url());
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(driver -> !driver.findElements(By.id("username")).isEmpty());
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(KeycloakServer.DEMO_PASSWORD);
        browser.findElement(By.id("kc-login")).click();
        wait.until(driver -> driver.getCurrentUrl().startsWith(site.url())
                && driver.findElement(By.id("status")).getText().contains(CockpitSite.LIVE));
    }

    /** Headless Chromium with a fresh profile, its viewport (not its window) the size given. */
    private static WebDriver chromium(int width, int height) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory("cockpit-chromium"),
                "--window-size=" + width + "," + height);
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        WebDriver browser = new ChromeDriver(driver, options);
        @SuppressWarnings("unchecked")
        List<Long> chrome = (List<Long>) ((JavascriptExecutor) browser).executeScript(
                "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight]");
        browser.manage().window().setSize(new Dimension(width + chrome.get(0).intValue(),
                height + chrome.get(1).intValue()));
        return browser;
    }

    private static void screenshot(WebDriver browser, String file) throws IOException {
        Files.write(SCREENSHOTS.resolve(file), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
