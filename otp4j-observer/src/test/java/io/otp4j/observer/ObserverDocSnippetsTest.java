package io.otp4j.observer;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Node;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The code of {@link Observer}'s class documentation, run as written. */
class ObserverDocSnippetsTest {

    @Test
    void theObserverServesItsDashboardOnTheLoopbackUntilClosed() {
        try (Node node = Node.start("observed")) {
            // @start region="start"
            try (Observer observer = Observer.builder(node).port(0).start()) { // 0: any free port; 8080 fixes one
                System.out.println("Observer at " + observer.url()); // http://127.0.0.1:<port>/#token=...
                dashboardServed(observer); // @replace regex="dash.*" replacement="..."
            }
            // @end
        }
    }

    /** Checks that the observer's address is on the loopback, carries the token, and serves the dashboard. */
    private static void dashboardServed(Observer observer) {
        assertThat(observer.url().toString())
                .startsWith("http://127.0.0.1:" + observer.port() + "/")
                .endsWith("#token=" + observer.token());
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> page = http.send(
                    HttpRequest.newBuilder(observer.address())
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).containsIgnoringCase("<html");
        } catch (IOException e) {
            throw new AssertionError("the dashboard is not served at " + observer.address(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while fetching the dashboard", e);
        }
    }
}
