package io.otp4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.GenServerRef;
import io.otp4j.process.Node;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.testkit.Eventually;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** The starter in a real application context: the node, the trees started on it, and the health indicator. */
@SpringBootTest(
        classes = TreesApplication.class,
        properties = {"otp4j.node-name=starter-test", "management.endpoint.health.show-details=always"})
@DirtiesContext // the context's node is closed with it, not cached for other test classes
class Otp4jStarterTest {

    @Autowired
    Node node;

    @Autowired
    SupervisionTrees trees;

    @Autowired
    HealthEndpoint health;

    @Test
    void theTreesRunOnTheNodeAndTheirServersAnswer() {
        assertThat(node.name()).isEqualTo("starter-test");
        assertThat(trees.trees()).extracting(SupervisionTree::name).containsExactly("orders", "mail");
        assertThat(Supervisor.whereis(node, "orders")).isPresent();
        GenServerRef<Worker.Name, Worker.Crash> payments = GenServerRef.named(node, "payments", Worker.TYPE);
        assertThat(payments.call(new Worker.Name())).isEqualTo("payments");
    }

    @Test
    void theHealthIsUpWithEachTreesDetails() {
        IndicatedHealthDescriptor otp4j = otp4jHealth();
        assertThat(otp4j.getStatus()).isEqualTo(Status.UP);
        assertThat(otp4j.getDetails()).containsEntry("node", "starter-test");
        assertThat((Integer) otp4j.getDetails().get("processes")).isGreaterThanOrEqualTo(5);
        assertThat(details(otp4j, "orders")).containsEntry("alive", true).containsEntry("children", "2 of 2 running");
    }

    @Test
    @DirtiesContext
    void aTreeBeyondItsRestartIntensityTurnsTheHealthDown() {
        GenServerRef<Worker.Name, Worker.Crash> inventory = GenServerRef.named(node, "inventory", Worker.TYPE);
        Supervisor orders = trees.trees().get(0).supervisor();

        inventory.cast(new Worker.Crash()); // one restart: the intensity allows one a minute
        Eventually.until(() -> trees.status().get(0).restarts() == 1, "the supervisor restarts inventory");
        IndicatedHealthDescriptor afterOne = otp4jHealth();
        assertThat(afterOne.getStatus()).isEqualTo(Status.UP);
        assertThat(details(afterOne, "orders"))
                .containsEntry("restarts", "1 of 1 within PT1M")
                .containsEntry("near", List.of("orders " + orders.pid() + " \"orders\""))
                .containsEntry("over", List.of());

        Eventually.until(
                () -> node.whereis("inventory").isPresent(), "the restarted inventory registers its name again");
        inventory.cast(new Worker.Crash()); // a second within the minute: the supervisor gives up
        Eventually.until(() -> !orders.isAlive(), "the orders supervisor shuts down");

        IndicatedHealthDescriptor down = otp4jHealth();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(details(down, "orders")).containsEntry("alive", false);
        assertThat(details(down, "mail")).containsEntry("alive", true);
    }

    private IndicatedHealthDescriptor otp4jHealth() {
        return (IndicatedHealthDescriptor) Objects.requireNonNull(health.healthForPath("otp4j"), "no otp4j health");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(IndicatedHealthDescriptor health, String tree) {
        var trees = (Map<String, Map<String, Object>>)
                Objects.requireNonNull(health.getDetails().get("trees"));
        return Objects.requireNonNull(trees.get(tree), tree);
    }
}
