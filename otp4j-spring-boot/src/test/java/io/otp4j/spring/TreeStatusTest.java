package io.otp4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which supervisors a tree's status names over and near their restart intensity. */
class TreeStatusTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static SupervisorStatus root(int restarts, int intensity) {
        return new SupervisorStatus("shop", "<0.1.0>", "shop", restarts, intensity, MINUTE, 0, 2, 2);
    }

    private static SupervisorStatus nested(int restarts, int intensity, int restartedByParent) {
        return new SupervisorStatus(
                "shop/db", "<0.2.0>", "", restarts, intensity, Duration.ofSeconds(5), restartedByParent, 1, 1);
    }

    private static TreeStatus tree(SupervisorStatus... supervisors) {
        SupervisorStatus root = supervisors[0];
        return new TreeStatus(
                "shop",
                true,
                root.restarts(),
                root.intensity(),
                root.period(),
                root.activeChildren(),
                root.children(),
                List.of(supervisors));
    }

    @Test
    void aRootThatUsedUpItsIntensityIsNearButHealthy() {
        TreeStatus status = tree(root(3, 3), nested(0, 3, 0));
        assertThat(status.near()).containsExactly(root(3, 3));
        assertThat(status.over()).isEmpty();
        assertThat(status.healthy()).isTrue();
    }

    @Test
    void aRootWithIntensityZeroAndNoRestartIsNotNear() {
        assertThat(tree(root(0, 0)).near()).isEmpty();
        assertThat(tree(root(0, 0)).healthy()).isTrue();
    }

    @Test
    void aNestedSupervisorThatUsedUpItsOwnIntensityIsNear() {
        TreeStatus status = tree(root(0, 10), nested(2, 2, 0), nested(1, 2, 0));
        assertThat(status.near()).containsExactly(nested(2, 2, 0));
        assertThat(status.over()).isEmpty();
        assertThat(status.healthy()).isTrue();
    }

    @Test
    void aNestedSupervisorItsParentRestartedIsOverAndTheTreeUnhealthy() {
        TreeStatus status = tree(root(1, 5), nested(0, 3, 1));
        assertThat(status.over()).containsExactly(nested(0, 3, 1));
        assertThat(status.near()).isEmpty();
        assertThat(status.healthy()).isFalse();
    }

    @Test
    void aRootBeyondItsIntensityIsOver() {
        TreeStatus status = tree(root(2, 1));
        assertThat(status.over()).containsExactly(root(2, 1));
        assertThat(status.healthy()).isFalse();
    }

    @Test
    void aTreeWhoseRootIsDownHasNoSupervisorsAndIsUnhealthy() {
        TreeStatus status = new TreeStatus("shop", false, 0, 3, MINUTE, 0, 2, List.of());
        assertThat(status.supervisors()).isEmpty();
        assertThat(status.near()).isEmpty();
        assertThat(status.healthy()).isFalse();
    }

    @Test
    void aSupervisorIsDescribedByPathPidAndName() {
        assertThat(root(0, 1).describe()).isEqualTo("shop <0.1.0> \"shop\"");
        assertThat(nested(0, 1, 0).describe()).isEqualTo("shop/db <0.2.0>");
    }
}
