package io.otp4j.observer;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Pid;
import io.otp4j.process.ProcessStatus;
import io.otp4j.testing.Eventually;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The dashboard's API over HTTP: the token guards the actions, and bad parameters get a clear 4xx. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObserverHttpTest {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Fixture fixture;
    private Observer observer;

    @BeforeAll
    void start() {
        fixture = new Fixture();
        fixture.flood(2_000);
        observer = fixture.observer().start();
    }

    @AfterAll
    void stop() {
        observer.close();
        fixture.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(observer.address().resolve(path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, @Nullable String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(observer.address().resolve(path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("X-Otp4j-Token", token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bindsToLoopbackAndHandsOutTheTokenInTheFragment() {
        assertThat(observer.address().getHost()).isEqualTo("127.0.0.1");
        assertThat(observer.port()).isPositive();
        assertThat(observer.url().getFragment()).isEqualTo("token=" + observer.token());
        assertThat(observer.token()).hasSize(32);
    }

    @Test
    void actionsWithoutTheTokenAreRefused() throws Exception {
        Pid w1 = fixture.whereis("w1");
        HttpResponse<String> none = post("/api/processes/" + w1.id() + "/suspend", null);
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).contains("needs the observer's token", "X-Otp4j-Token");
        HttpResponse<String> wrong = post("/api/processes/" + w1.id() + "/kill", "0123456789abcdef0123456789abcdef");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("is not this observer's");
        assertThat(fixture.node.isAlive(w1)).isTrue();
        assertThat(fixture.node.info(w1).orElseThrow().status()).isNotEqualTo(ProcessStatus.SUSPENDED);
    }

    @Test
    void actionsWithTheTokenSuspendAndResume() throws Exception {
        Pid w1 = fixture.whereis("w1");
        assertThat(post("/api/processes/" + w1.id() + "/suspend", observer.token())
                        .statusCode())
                .isEqualTo(200);
        Eventually.until(
                () -> fixture.node
                        .info(w1)
                        .map(i -> i.status() == ProcessStatus.SUSPENDED)
                        .orElse(false),
                "w1 suspended");
        assertThat(get("/api/processes/" + w1.id()).body()).contains("\"status\":\"suspended\"");
        assertThat(post("/api/processes/" + w1.id() + "/resume", observer.token())
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> again = post("/api/processes/" + w1.id() + "/resume", observer.token());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("is not suspended");
    }

    @Test
    void badParametersGetAClear4xx() throws Exception {
        assertStatus(get("/api/processes/abc"), 400, "malformed pid 'abc'");
        assertStatus(get("/api/processes/-3"), 400, "malformed pid '-3'");
        assertStatus(get("/api/processes/99999999"), 404, "no live process <observed.99999999>");
        assertStatus(get("/api/processes?sort=colour"), 400, "unknown sort key 'colour'; use one of pid, mailbox");
        assertStatus(get("/api/processes?size=1000000"), 400, "size 1000000 is out of range: from 1 to 500");
        assertStatus(get("/api/processes?size=ten"), 400, "size 'ten' is not a whole number");
        assertStatus(get("/api/processes?page=5000&size=500"), 400, "goes deeper than 100000 processes");
        assertStatus(get("/api/processes?dir=up"), 400, "dir 'up' must be asc or desc");
        assertStatus(get("/api/processes?status=sleepy"), 400, "unknown status 'sleepy'");
        Pid w1 = fixture.whereis("w1");
        assertStatus(post("/api/processes/" + w1.id() + "/explode", observer.token()), 404, "unknown action");
        assertStatus(post("/api/processes/" + w1.id() + "/trace?on=maybe", observer.token()), 400, "on 'maybe'");
        assertStatus(get("/api/catalog/table/nothing"), 404, "no table named 'nothing'");
    }

    @Test
    void theProcessesAreSortedAndPagedOnTheServer() throws Exception {
        Pid flooded = fixture.whereis("flooded");
        HttpResponse<String> top = get("/api/processes?sort=mailbox&dir=desc&size=1");
        assertThat(top.statusCode()).isEqualTo(200);
        assertThat(top.body())
                .contains("\"pid\":" + flooded.id() + ",")
                .contains("\"name\":\"flooded\"")
                .contains("\"matched\":" + fixture.node.processCount());
        HttpResponse<String> named = get("/api/processes?name=w1");
        assertThat(named.body()).contains("\"matched\":1").contains("\"name\":\"w1\"");
    }

    @Test
    void thePagesAreServed() throws Exception {
        for (String page : new String[] {"/", "/process.html", "/trees.html", "/overview.html", "/catalog.html"}) {
            HttpResponse<String> res = get(page);
            assertThat(res.statusCode()).as(page).isEqualTo(200);
            assertThat(res.body()).as(page).contains("otp4j observer", "/observer.js");
        }
        assertThat(get("/observer.js").headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(get("/../pom.xml").statusCode()).isEqualTo(404);
    }

    @Test
    void theCatalogListsWhatWasRegisteredWithTheObserver() throws Exception {
        HttpResponse<String> catalog = get("/api/catalog");
        assertThat(catalog.statusCode()).as(catalog.body()).isEqualTo(200);
        assertThat(catalog.body())
                .contains("{\"name\":\"sessions\",\"running\":true,\"size\":1,")
                .contains("{\"name\":\"users\",\"deleted\":false,\"size\":2,\"type\":\"set\"")
                .contains("\"name\":\"greetings\",\"open\":true")
                .contains("\"name\":\"numbers\",\"alive\":true");
        HttpResponse<String> second = get("/api/catalog/table/users?size=1&page=1");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(second.body()).containsAnyOf("\"key\":\"ada\"", "\"key\":\"alan\"");
        assertThat(get("/api/catalog/registry/sessions").body()).contains("\"key\":\"ada\",\"value\":\"web\"");
        assertStatus(get("/api/catalog/cache/greetings"), 400, "entries are listed for a registry or a table");
    }

    @Test
    void aSuspendedSupervisorDoesNotHoldTheTreesPage() throws Exception {
        Pid workers = fixture.app.whichChildren().stream()
                .filter(c -> c.id().equals("workers"))
                .findFirst()
                .orElseThrow()
                .pid()
                .orElseThrow();
        assertThat(post("/api/processes/" + workers.id() + "/suspend", observer.token())
                        .statusCode())
                .isEqualTo(200);
        try {
            HttpResponse<String> trees = get("/api/trees");
            assertThat(trees.statusCode()).isEqualTo(200);
            assertThat(trees.body()).contains("\"id\":\"flooded\"", "\"id\":\"workers\"");
        } finally {
            assertThat(post("/api/processes/" + workers.id() + "/resume", observer.token())
                            .statusCode())
                    .isEqualTo(200);
        }
        Eventually.until(
                () -> {
                    try {
                        return get("/api/trees").body().contains("\"id\":\"w1\"");
                    } catch (IOException | InterruptedException e) {
                        throw new AssertionError(e);
                    }
                },
                "the resumed supervisor's children are drawn again");
    }

    @Test
    void requestsToAnotherHostNameAreRefused() throws Exception {
        assertThat(rawStatus("localhost:" + observer.port())).startsWith("HTTP/1.1 200");
        // A page of a site whose name was rebound to 127.0.0.1 sends its own name as the Host.
        assertThat(rawStatus("attacker.example:" + observer.port())).startsWith("HTTP/1.1 403");
    }

    /** {@return the status line of a GET /api/node sent with this Host header over a plain socket} */
    private String rawStatus(String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), observer.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET /api/node HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return String.valueOf(in.readLine());
        }
    }

    private static void assertStatus(HttpResponse<String> res, int status, String message) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.body()).contains(message);
    }
}
