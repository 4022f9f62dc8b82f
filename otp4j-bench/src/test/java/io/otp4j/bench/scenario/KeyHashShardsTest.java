package io.otp4j.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyHashShardsTest {

    @Test
    void aKeyAlwaysReachesThePartitionItsHashPicks() {
        KeyHashShards<Integer> shards = KeyHashShards.start(8, i -> i);
        for (String key : Work.KEYS) {
            int partition = shards.route(key);
            assertThat(shards.route(key)).isEqualTo(partition);
            assertThat(partition).isEqualTo(Math.floorMod(key.hashCode(), 8));
        }
        // String.hashCode is specified, so the routing is the same in every JVM
        assertThat(KeyHashShards.index("user-42", 8)).isEqualTo(Math.floorMod("user-42".hashCode(), 8));
    }

    @Test
    void theKeysSpreadOverEveryPartition() {
        KeyHashShards<Integer> shards = KeyHashShards.start(8, i -> i);
        Set<Integer> used = new HashSet<>();
        Work.KEYS.forEach(key -> used.add(shards.route(key)));
        assertThat(used).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(shards.all()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void aNegativeHashStillPicksAPartition() {
        Object negative = new Object() {
            @Override
            public int hashCode() {
                return -7;
            }
        };
        assertThat(KeyHashShards.index(negative, 4)).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("NullAway") // passing null on purpose
    void badInput() {
        assertThatThrownBy(() -> KeyHashShards.start(0, i -> i))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count must be at least 1, was 0");
        assertThatThrownBy(() -> KeyHashShards.start(2, i -> i).route(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("key");
    }
}
