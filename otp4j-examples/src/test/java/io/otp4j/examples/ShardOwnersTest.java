package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardOwnersTest {

    private static final List<String> THREE = List.of("node-1", "node-2", "node-3");
    private static final List<String> TWO = List.of("node-1", "node-2");

    @Test
    void theKeysAreSharedAndOnlyThoseOfALostNodeMove() {
        Map<String, Integer> owned = new HashMap<>();
        int moved = 0;
        for (int k = 0; k < 3_000; k++) {
            String key = "user-" + k;
            String before = ShardOwners.owner(key, THREE);
            String after = ShardOwners.owner(key, TWO);
            owned.merge(before, 1, Integer::sum);
            if (before.equals("node-3")) {
                moved++;
            } else {
                assertThat(after).as(key).isEqualTo(before);
            }
        }
        assertThat(owned).containsOnlyKeys(THREE);
        owned.values().forEach(count -> assertThat(count).isBetween(800, 1_200));
        assertThat(moved).isEqualTo(owned.get("node-3"));
    }

    @Test
    void theOwnerDoesNotDependOnTheOrderOfTheNodes() {
        for (int k = 0; k < 100; k++) {
            String key = "user-" + k;
            assertThat(ShardOwners.owner(key, List.of("node-3", "node-1", "node-2")))
                    .isEqualTo(ShardOwners.owner(key, THREE));
        }
    }

    @Test
    void noNodesIsAnError() {
        assertThatThrownBy(() -> ShardOwners.owner("user-1", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no node to own key user-1");
    }
}
