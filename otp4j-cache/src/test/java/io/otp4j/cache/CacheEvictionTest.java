package io.otp4j.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Node;
import io.otp4j.testkit.ManualClock;
import io.otp4j.testkit.OtpTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The size bound, and what the removal listener hears for each cause. */
class CacheEvictionTest {

    @OtpTest
    void theSizeBoundEvictsAndTheListenerHearsEvicted(Node node, ManualClock clock) throws InterruptedException {
        Removals<Integer, String> removals = new Removals<>();
        Cache<Integer, String> cache =
                Cache.start(node, CacheOptions.defaults().withMaximumSize(10).withRemovalListener(removals));
        for (int i = 0; i < 100; i++) {
            cache.put(i, "v" + i);
        }
        cache.cleanUp();
        assertThat(cache.size()).isEqualTo(10);
        List<Integer> evicted = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            Removals.Removal<Integer, String> removal = removals.next();
            assertThat(removal.cause()).isEqualTo(RemovalCause.EVICTED);
            assertThat(removal.cause().wasEvicted()).isTrue();
            assertThat(removal.value()).isEqualTo("v" + removal.key());
            evicted.add(removal.key());
        }
        assertThat(removals.pending()).isZero();
        assertThat(evicted).doesNotHaveDuplicates();
        long kept = 0;
        for (int i = 0; i < 100; i++) {
            if (cache.get(i).isPresent()) {
                kept++;
                assertThat(evicted).doesNotContain(i);
            }
        }
        assertThat(kept).isEqualTo(10);
        assertThat(cache.stats().evictions()).isEqualTo(90);
        assertThat(cache.stats().expirations()).isZero();
    }

    @OtpTest
    void theListenerTellsEveryCauseApart(Node node, ManualClock clock) throws InterruptedException {
        Removals<String, Integer> removals = new Removals<>();
        Cache<String, Integer> cache = Cache.start(
                node,
                CacheOptions.defaults()
                        .withTtl(Duration.ofSeconds(5))
                        .withMaximumSize(100)
                        .withRemovalListener(removals));
        cache.put("replaced", 1);
        cache.put("replaced", 2);
        cache.put("deleted", 3);
        cache.delete("deleted");
        cache.put("expired", 4, Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(3)); // past its expiry by more than a tick of Caffeine's timer wheel
        cache.cleanUp();
        Map<RemovalCause, Removals.Removal<String, Integer>> byCause = new EnumMap<>(RemovalCause.class);
        for (int i = 0; i < 3; i++) {
            Removals.Removal<String, Integer> removal = removals.next();
            byCause.put(removal.cause(), removal);
        }
        assertThat(byCause.get(RemovalCause.REPLACED))
                .extracting(Removals.Removal::key, Removals.Removal::value)
                .containsExactly("replaced", 1);
        assertThat(byCause.get(RemovalCause.DELETED))
                .extracting(Removals.Removal::key, Removals.Removal::value)
                .containsExactly("deleted", 3);
        assertThat(byCause.get(RemovalCause.EXPIRED))
                .extracting(Removals.Removal::key, Removals.Removal::value)
                .containsExactly("expired", 4);
        assertThat(RemovalCause.REPLACED.wasEvicted()).isFalse();
        assertThat(RemovalCause.DELETED.wasEvicted()).isFalse();
        assertThat(removals.pending()).isZero();
        CacheStats stats = cache.stats();
        assertThat(List.of(stats.replacements(), stats.deletions(), stats.expirations(), stats.evictions()))
                .containsExactly(1L, 1L, 1L, 0L);
    }

    @OtpTest
    void aListenerThatThrowsDoesNotStopTheCache(Node node, ManualClock clock) throws InterruptedException {
        Removals<String, Integer> removals = new Removals<>();
        Cache<String, Integer> cache = Cache.start(
                node, CacheOptions.defaults().withRemovalListener((String key, Integer value, RemovalCause cause) -> {
                    removals.onRemoval(key, value, cause);
                    throw new IllegalStateException("listener bug");
                }));
        cache.put("a", 1);
        assertThat(cache.delete("a")).isTrue();
        assertThat(removals.next().key()).isEqualTo("a");
        cache.put("b", 2);
        cache.put("b", 3);
        assertThat(removals.next().key())
                .as("the process goes on telling the listener")
                .isEqualTo("b");
        assertThat(cache.get("b")).contains(3);
        assertThat(cache.isOpen()).isTrue();
        assertThat(cache.stats().deletions()).isEqualTo(1);
    }
}
