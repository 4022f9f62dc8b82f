package io.otp4j.observer;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.cache.Cache;
import io.otp4j.process.Node;
import io.otp4j.registry.Registry;
import io.otp4j.table.Table;
import org.junit.jupiter.api.Test;

/** The README's observer snippet, as written there (otp4j-examples' ReadmeSnippetsTest finds it here). */
class ReadmeObserverTest {

    @Test
    void theReadmeSnippetServesTheDashboardOnTheLoopback() {
        try (Fixture fixture = new Fixture()) {
            Node node = fixture.node;
            Registry<String, String> sessions = fixture.sessions;
            Table<String, Integer> users = fixture.users;
            Cache<String, Integer> cache = fixture.cache;

            // --- README: Observing a node ---
            try (Observer observer = Observer.builder(node)
                    .port(0) // any free port, the default; 8080 to fix one
                    .registry("sessions", sessions) // optional: registries, tables, caches, stages, the cluster
                    .table("users", users)
                    .cache("pages", cache)
                    .start()) {
                System.out.println("Observer at " + observer.url()); // http://127.0.0.1:<port>/#token=...
                // --- end of the snippet ---
                assertThat(observer.url().toString())
                        .startsWith("http://127.0.0.1:")
                        .contains("/#token=");
            }
        }
    }
}
