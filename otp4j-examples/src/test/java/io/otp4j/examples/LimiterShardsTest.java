package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.cluster.ChildFactory;
import io.otp4j.process.Node;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The mapping of keys to the limiter's shards, and the shard kind's checks of its argument. */
class LimiterShardsTest {

    @Test
    void theShardsAreNumberedFromZero() {
        assertThat(LimiterShards.IDS)
                .hasSize(LimiterShards.COUNT)
                .startsWith("shard-0")
                .endsWith("shard-11");
        assertThat(LimiterShards.id(7)).isEqualTo("shard-7");
    }

    @Test
    void aKeyMapsToItsHashModuloTheShardCount() {
        for (String key : new String[] {"user-0", "user-42", "user-999", "", "a key with spaces"}) {
            assertThat(LimiterShards.shardOf(key))
                    .isEqualTo("shard-" + Math.floorMod(key.hashCode(), LimiterShards.COUNT));
        }
        String negative = "polygenelubricants"; // a string whose hashCode is Integer.MIN_VALUE
        assertThat(negative.hashCode()).isEqualTo(Integer.MIN_VALUE);
        assertThat(LimiterShards.shardOf(negative)).isIn(LimiterShards.IDS);
    }

    @Test
    void theDemosKeysUseEveryShard() {
        Map<String, Integer> keysPerShard = new TreeMap<>();
        IntStream.range(0, ClusterClients.KEYS)
                .forEach(k -> keysPerShard.merge(LimiterShards.shardOf("user-" + k), 1, Integer::sum));
        assertThat(keysPerShard).containsOnlyKeys(LimiterShards.IDS);
        assertThat(keysPerShard.values())
                .allSatisfy(count -> assertThat(count).isGreaterThan(ClusterClients.KEYS / 24));
    }

    @Test
    void badShardIndexesAndArgumentsSayWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> LimiterShards.id(12))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 11, was 12");
        assertThatThrownBy(() -> LimiterShards.id(-1)).hasMessageContaining("was -1");
        try (Node node = Node.start("limiter-shards-test")) {
            ChildFactory factory = Objects.requireNonNull(
                    LimiterShards.kinds(node, (id, self) -> {}).get(LimiterShards.KIND), "the shard kind");
            assertThat(factory.create("shard-3")).isNotNull();
            assertThatThrownBy(() -> factory.create("shard-12"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not shard-12");
            assertThatThrownBy(() -> factory.create(3)).hasMessageContaining("not 3");
        }
    }
}
