package io.otp4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Node;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.testkit.Eventually;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The health indicator walks the whole tree: a nested supervisor whose child crash-loops past its intensity turns
 * the health DOWN, named by path, pid and name, though the root is alive and within its own intensity.
 */
@SpringBootTest(
        classes = NestedTreeApplication.class,
        properties = {"otp4j.node-name=nested-health-test", "management.endpoint.health.show-details=always"})
@DirtiesContext // the context's node is closed with it, not cached for other test classes
class NestedSupervisorHealthTest {

    @Autowired
    Node node;

    @Autowired
    SupervisionTrees trees;

    @Autowired
    AtomicInteger connectionStarts;

    @Autowired
    HealthEndpoint health;

    @Test
    @SuppressWarnings("unchecked")
    void aNestedSupervisorBeyondItsIntensityIsReportedByPathAndPid() {
        Eventually.until(
                () -> connectionStarts.get() == NestedTreeApplication.CRASHES + 1
                        && trees.status().get(0).supervisors().size() == 2
                        && trees.status().get(0).supervisors().get(1).activeChildren() == 1,
                "db gives up on the crash-looping connection, the root restarts db, its next connection stays up");

        TreeStatus store = trees.status().get(0);
        Supervisor root = trees.trees().get(0).supervisor();
        Supervisor db =
                Supervisor.of(root.whichChildren().get(0).pid().orElseThrow()).orElseThrow();
        assertThat(store.alive()).isTrue();
        assertThat(store.restarts()).as("the root restarted db once").isEqualTo(1);
        SupervisorStatus nested = store.supervisors().get(1);
        assertThat(nested.path()).isEqualTo("store/db");
        assertThat(nested.pid()).isEqualTo(db.pid().toString());
        assertThat(nested.restartedByParent()).isEqualTo(1);
        assertThat(nested.restarts()).as("the new db has restarted nothing").isZero();
        assertThat(nested.intensity()).isEqualTo(NestedTreeApplication.DB_INTENSITY);
        assertThat(store.over()).containsExactly(nested);
        assertThat(store.near()).isEmpty();

        IndicatedHealthDescriptor otp4j =
                (IndicatedHealthDescriptor) Objects.requireNonNull(health.healthForPath("otp4j"), "no otp4j health");
        assertThat(otp4j.getStatus()).isEqualTo(Status.DOWN);
        Map<String, Object> details = treeDetails(otp4j, "store");
        assertThat(details).containsEntry("alive", true).containsEntry("restarts", "1 of 5 within PT1M");
        assertThat(details.get("over")).isEqualTo(List.of("store/db " + db.pid()));
        assertThat(details.get("near")).isEqualTo(List.of());
        List<Map<String, Object>> supervisors =
                (List<Map<String, Object>>) Objects.requireNonNull(details.get("supervisors"));
        assertThat(supervisors).extracting(s -> s.get("path")).containsExactly("store", "store/db");
        assertThat(supervisors.get(1)).containsEntry("pid", db.pid().toString()).containsEntry("restartedByParent", 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> treeDetails(IndicatedHealthDescriptor health, String tree) {
        var trees = (Map<String, Map<String, Object>>)
                Objects.requireNonNull(health.getDetails().get("trees"));
        return Objects.requireNonNull(trees.get(tree), tree);
    }
}
