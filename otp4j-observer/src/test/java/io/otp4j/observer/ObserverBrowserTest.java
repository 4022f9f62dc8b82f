package io.otp4j.observer;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.PersistedStatus;
import io.otp4j.genserver.Sys;
import io.otp4j.process.Pid;
import io.otp4j.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium: each page opens, the processes sort by mailbox with the flooded
 * server on top, its detail suspends and resumes it, a traced server's events show live, and a kill shows its
 * supervisor's restart in the tree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObserverBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private Fixture fixture;
    private Observer observer;
    private Browser browser;
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        fixture = new Fixture();
        fixture.flood(5_000);
        observer = fixture.observer().sampleEvery(Duration.ofMillis(200)).start();
        browser = new Browser();
        driver = browser.driver;
        wait = new WebDriverWait(driver, WAIT);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            observer.close();
            fixture.close();
        }
    }

    private void open(String page) {
        driver.get(observer.address().resolve(page).toString());
        wait.until(d -> "complete".equals(((ChromeDriver) d).executeScript("return document.readyState")));
    }

    private String body(String data) {
        return String.valueOf(driver.findElement(By.tagName("body")).getDomAttribute("data-" + data));
    }

    @Test
    @Order(1)
    void theProcessesPageSortsByMailboxWithTheFloodedServerOnTop() throws Exception {
        driver.get(observer.url().toString());
        wait.until(ExpectedConditions.textToBe(By.id("token-state"), "actions allowed"));
        wait.until(d -> !d.findElements(By.cssSelector("#processes tbody tr")).isEmpty());
        driver.findElement(By.cssSelector("th[data-sort=mailbox]")).click();
        wait.until(d -> body("loaded").equals("mailbox-desc-0"));
        wait.until(d -> "flooded"
                .equals(d.findElement(By.cssSelector("#processes tbody tr")).getDomAttribute("data-name")));
        WebElement top = driver.findElement(By.cssSelector("#processes tbody tr"));
        assertThat(Long.parseLong(
                        top.findElement(By.cssSelector(".mailbox")).getText().replace(",", "")))
                .isGreaterThanOrEqualTo(4_000);
        Path shot = Path.of("target", "observer-processes.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }

    @Test
    @Order(2)
    void theDetailPageSuspendsAndResumesTheFloodedServer() {
        Pid flooded = fixture.whereis("flooded");
        driver.findElement(By.cssSelector("#processes tbody tr:first-child a.pid-link"))
                .click();
        wait.until(ExpectedConditions.textToBe(By.id("pid-text"), flooded.toString()));
        assertThat(driver.findElement(By.id("links")).getText())
                .contains(fixture.app.pid().toString());
        assertThat(driver.findElement(By.id("stack")).getText()).contains("Fixture$Counter.handleInfo");
        driver.findElement(By.id("act-suspend")).click();
        wait.until(d -> body("status").equals("suspended"));
        assertThat(fixture.node.info(flooded).orElseThrow().status().name()).isEqualTo("SUSPENDED");
        driver.findElement(By.id("act-resume")).click();
        wait.until(d -> !body("status").equals("suspended"));
        assertThat(fixture.node.info(flooded).orElseThrow().status().name()).isNotEqualTo("SUSPENDED");
    }

    @Test
    @Order(3)
    void tracingAServerShowsItsEventsLive() {
        Pid w1 = fixture.whereis("w1");
        open("/process.html?pid=" + w1.id());
        wait.until(ExpectedConditions.textToBe(By.id("act-trace"), "Trace on"));
        wait.until(d -> !d.findElement(By.id("state")).getText().equals("loading..."));
        assertThat(driver.findElement(By.id("state")).getText()).isEqualTo("0");
        driver.findElement(By.id("act-trace")).click();
        wait.until(ExpectedConditions.textToBe(By.id("act-trace"), "Trace off"));
        fixture.node.send(w1, new Fixture.Work(42));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("trace"), "Work[n=42]"));
        driver.findElement(By.id("act-trace")).click();
        wait.until(ExpectedConditions.textToBe(By.id("act-trace"), "Trace on"));
    }

    @Test
    @Order(4)
    void killingTheFloodedServerShowsItsRestartInTheTree() {
        Pid before = fixture.whereis("flooded");
        open("/trees.html");
        WebElement child = wait.until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("li[data-id=flooded] > .restarts")));
        assertThat(child.getDomAttribute("data-restarts")).isEqualTo("0");
        assertThat(driver.findElement(By.id("trees")).getText()).contains("workers", "w1", "w2", "app");
        driver.findElement(By.cssSelector("li[data-id=flooded] > a.pid-link")).click();
        wait.until(ExpectedConditions.textToBe(By.id("pid-text"), before.toString()));
        driver.findElement(By.id("act-kill")).click();
        wait.until(d -> body("status").equals("gone"));
        open("/trees.html");
        wait.until(d -> {
            List<WebElement> badge = d.findElements(By.cssSelector("li[data-id=flooded] > .restarts"));
            return !badge.isEmpty() && "1".equals(badge.get(0).getDomAttribute("data-restarts"));
        });
        String now = driver.findElement(By.cssSelector("li[data-id=flooded]")).getDomAttribute("data-pid");
        assertThat(now).isNotEqualTo(Long.toString(before.id()));
        assertThat(fixture.whereis("flooded")).isNotEqualTo(before);
    }

    @Test
    @Order(5)
    void theOverviewDrawsLiveCharts() {
        open("/overview.html");
        wait.until(d -> Integer.parseInt(body("samples").replace("null", "0")) >= 3);
        // Each sample redraws the chart: read it in one script, not through an element that a redraw replaces.
        Object points = driver.executeScript("const line = document.querySelector('#c-processes polyline');"
                + " return line === null ? '' : line.getAttribute('points');");
        assertThat(String.valueOf(points)).matches("([0-9.]+,[0-9.]+ ?){3,}");
        // The latest sample shows the count of its moment: a process that the test before this one had restarted may
        // come up after it, so wait for a sample that shows the node as it is.
        wait.until(
                d -> String.valueOf(driver.executeScript("return document.getElementById('v-processes').textContent;"))
                        .equals(Integer.toString(fixture.node.processCount())));
    }

    @Test
    @Order(6)
    void theCatalogShowsTheRegistryTableCacheAndStage() {
        open("/catalog.html");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#tables tbody"), "users"));
        assertThat(driver.findElement(By.cssSelector("#tables tbody")).getText())
                .contains("users 2 set protected", fixture.users.owner().toString());
        assertThat(driver.findElement(By.cssSelector("#caches tbody")).getText())
                .contains("greetings 1 1 1 50.0%");
        assertThat(driver.findElement(By.cssSelector("#stages tbody")).getText())
                .contains("numbers", fixture.numbers.pid().toString());
        driver.findElement(By.linkText("users")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("entries"), "alan"));
        assertThat(driver.findElement(By.id("entries")).getText()).contains("ada 36", "alan 41");
        driver.findElement(By.linkText("sessions")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("entries"), "web"));
        assertThat(driver.findElement(By.id("entries-title")).getText()).isEqualTo("registry sessions");
        assertThat(driver.findElement(By.id("error")).isDisplayed()).isFalse();
    }

    @Test
    @Order(7)
    void theClusterPageSaysWhenNoClusterIsObserved() {
        open("/cluster.html");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("cluster-note"), "runs no cluster"));
        assertThat(driver.findElements(By.cssSelector("#nodes tbody tr"))).isEmpty();
        assertThat(driver.findElement(By.id("error")).isDisplayed()).isFalse();
    }

    @Test
    @Order(8)
    void aPersistedServerShowsItsIdentityAndPersistedVersion() {
        var stored = GenServer.start(fixture.node, new Fixture.Stored());
        try {
            for (int i = 0; i < 3; i++) {
                fixture.node.send(stored.pid(), new Fixture.Work(i));
            }
            Eventually.until(
                    () -> ((PersistedStatus) Sys.getState(stored)).version() == 3, "the server took its messages");
            open("/process.html?pid=" + stored.pid().id());
            wait.until(ExpectedConditions.textToBe(By.id("state"), "count 3"));
            assertThat(driver.findElement(By.id("persisted")).isDisplayed()).isTrue();
            assertThat(driver.findElement(By.cssSelector("#persisted .persisted-identity"))
                            .getText())
                    .isEqualTo("orders");
            assertThat(driver.findElement(By.cssSelector("#persisted .persisted-persisted-version"))
                            .getText())
                    .isEqualTo("3");
            assertThat(driver.findElement(By.cssSelector("#persisted .persisted-incarnation"))
                            .getText())
                    .isEqualTo("2");
            // A server that is not persisted has no such section.
            open("/process.html?pid=" + fixture.whereis("w1").id());
            wait.until(d -> !d.findElement(By.id("state")).getText().equals("loading..."));
            assertThat(driver.findElement(By.id("state")).getText()).matches("[0-9]+");
            assertThat(driver.findElement(By.id("persisted")).isDisplayed()).isFalse();
        } finally {
            stored.stop();
        }
    }
}
