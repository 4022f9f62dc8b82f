package io.otp4j.observer;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.cluster.Cluster;
import io.otp4j.cluster.ClusterConfig;
import io.otp4j.process.Node;
import io.otp4j.testing.Eventually;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The cluster page's data: the members as this node sees them, and one that left shown as down. */
class ObserverClusterTest {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ClusterConfig config(String name) {
        return ClusterConfig.of(name)
                .withTransport(ClusterConfig.Transport.SHARED_LOOPBACK)
                .withSecret("observer-test-secret");
    }

    private String nodes(Observer observer) throws Exception {
        HttpResponse<String> res = http.send(
                HttpRequest.newBuilder(observer.address().resolve("/api/cluster"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        return res.body();
    }

    @Test
    void showsTheMembersAndOneThatLeft() throws Exception {
        String name = "otp4j-observer-" + UUID.randomUUID();
        try (Node a = Node.start("alpha");
                Node b = Node.start("beta");
                Cluster ca = Cluster.join(a, config(name));
                Observer observer = Observer.builder(a).cluster(ca).start()) {
            Cluster cb = Cluster.join(b, config(name));
            try {
                Eventually.until(() -> ca.nodes().contains("beta"), "beta joined");
                assertThat(nodes(observer))
                        .contains("{\"node\":\"alpha\",\"state\":\"this node\"")
                        .contains("{\"node\":\"beta\",\"state\":\"connected\"");
            } finally {
                cb.close();
            }
            Eventually.until(() -> !ca.nodes().contains("beta"), "beta left");
            assertThat(nodes(observer)).contains("{\"node\":\"beta\",\"state\":\"down\"");
        }
    }
}
