package io.otp4j.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Node;
import io.otp4j.testkit.ManualClock;
import io.otp4j.testkit.OtpTest;
import java.time.Duration;

/** get, put, insertNew, delete, update, size and statistics, and what bad input gets. */
class CacheBasicsTest {

    /** Smuggles a null past the null checker, as a caller without one would; the caller picks the type. */
    @SuppressWarnings({"NullAway", "TypeParameterUnusedInFormals"})
    private static <T> T none() {
        return null;
    }

    @OtpTest
    void putThenGetAndOverwrite(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
        assertThat(cache.get("a")).isEmpty();
        cache.put("a", 1);
        assertThat(cache.get("a")).contains(1);
        cache.put("a", 2);
        assertThat(cache.get("a")).contains(2);
        assertThat(cache.size()).isEqualTo(1);
    }

    @OtpTest
    void insertNewStoresOnlyIntoAnEmptyKey(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
        assertThat(cache.insertNew("a", 1)).isTrue();
        assertThat(cache.insertNew("a", 2)).isFalse();
        assertThat(cache.get("a")).contains(1);
        assertThat(cache.insertNew("b", 3, Duration.ofSeconds(1))).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.insertNew("b", 4))
                .as("an expired entry counts as none")
                .isTrue();
        assertThat(cache.get("b")).contains(4);
    }

    @OtpTest
    void deleteRemovesAndSaysWhetherThereWasAValue(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
        cache.put("a", 1);
        assertThat(cache.delete("a")).isTrue();
        assertThat(cache.delete("a")).isFalse();
        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @OtpTest
    void updateSeesTheCurrentValueOrNone(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
        assertThat(cache.update("n", n -> n.map(v -> v + 1).orElse(10))).isEqualTo(10);
        assertThat(cache.update("n", n -> n.map(v -> v + 1).orElse(10))).isEqualTo(11);
        assertThat(cache.get("n")).contains(11);
    }

    @OtpTest
    void updateExistingLeavesAnEmptyKeyEmpty(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
        assertThat(cache.updateExisting("n", v -> v + 1)).isEmpty();
        assertThat(cache.get("n")).isEmpty();
        cache.put("n", 1);
        assertThat(cache.updateExisting("n", v -> v + 1)).contains(2);
        assertThat(cache.get("n")).contains(2);
    }

    @OtpTest
    void anUpdateThatThrowsOrReturnsNullChangesNothing(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
        cache.put("n", 1);
        assertThatThrownBy(() -> cache.update("n", n -> {
                    throw new IllegalStateException("no");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no");
        assertThatThrownBy(() -> cache.update("n", n -> none()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("returned null for key n");
        assertThatThrownBy(() -> cache.updateExisting("n", n -> none()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("returned null for key n");
        assertThat(cache.get("n")).contains(1);
        assertThat(cache.lockedKeys()).as("no lock is left behind").isZero();
    }

    @OtpTest
    void statisticsCountHitsMissesLoadsAndRemovalsByCause(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults().withTtl(Duration.ofSeconds(10)));
        cache.get("a"); // miss
        cache.put("a", 1);
        cache.get("a"); // hit
        cache.get("a"); // hit
        cache.put("a", 2); // replacement
        cache.getOrStore("b", k -> 5); // miss, load
        cache.getOrStore("b", k -> 6); // hit
        assertThatThrownBy(() -> cache.getOrStore("c", k -> {
                    throw new IllegalArgumentException("boom");
                }))
                .hasMessage("boom"); // miss, load failure
        cache.delete("b"); // deletion
        clock.advance(Duration.ofSeconds(12)); // past "a"'s expiry by more than a tick of Caffeine's timer wheel
        cache.cleanUp(); // "a" expires
        CacheStats stats = cache.stats();
        assertThat(stats)
                .isEqualTo(new CacheStats(
                        /* hits */ 3,
                        /* misses */ 3,
                        /* loads */ 1,
                        /* loadFailures */ 1,
                        /* evictions */ 0,
                        /* expirations */ 1,
                        /* deletions */ 1,
                        /* replacements */ 1));
        assertThat(stats.hitRatio()).isEqualTo(0.5);
        assertThat(cache.size()).isZero();
    }

    @OtpTest
    void badInputIsRefusedWithTheArgumentNamed(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
        assertThatThrownBy(() -> cache.put(none(), 1)).hasMessage("key");
        assertThatThrownBy(() -> cache.put("a", none())).hasMessage("value");
        assertThatThrownBy(() -> cache.put("a", 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl must be positive, was PT0S");
        assertThatThrownBy(() -> cache.insertNew("a", 1, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl must be positive, was PT-1S");
        assertThatThrownBy(() -> cache.getOrStore("a", none())).hasMessage("compute");
        assertThatThrownBy(() -> cache.update("a", none())).hasMessage("update");
        assertThatThrownBy(() -> cache.get(none())).hasMessage("key");
        assertThatThrownBy(() -> CacheOptions.defaults().withMaximumSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maximumSize must be positive, was 0");
        assertThatThrownBy(() -> CacheOptions.defaults().withTtl(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl must be positive, was PT-0.005S");
        assertThatThrownBy(() -> CacheOptions.defaults().withLockTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lockTimeout must be positive, was PT0S");
        assertThatThrownBy(() -> CacheOptions.defaults().withName(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a cache's name must not be blank, was \" \"");
        assertThatThrownBy(() -> Cache.start((Node) none(), CacheOptions.defaults()))
                .hasMessage("node");
        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @OtpTest
    void aGetOrStoreThatReturnsNullStoresNothing(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
        assertThatThrownBy(() -> cache.getOrStore("a", k -> none()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("returned null for key a");
        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.stats().loadFailures()).isEqualTo(1);
    }
}
