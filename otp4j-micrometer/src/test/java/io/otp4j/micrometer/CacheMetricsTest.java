package io.otp4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.otp4j.cache.Cache;
import io.otp4j.cache.CacheOptions;
import io.otp4j.process.Node;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.ManualClock;
import io.otp4j.testkit.OtpTest;
import java.time.Duration;
import java.util.List;

/** A cache's statistics under Micrometer's cache meter names. */
class CacheMetricsTest {

    private static double count(MeterRegistry registry, String name, String tagKey, String tagValue) {
        FunctionCounter counter =
                registry.get(name).tag("cache", "users").tag(tagKey, tagValue).functionCounter();
        return counter.count();
    }

    @OtpTest
    void hitsMissesLoadsAndRemovalsAreCountedUnderTheCachesName(Node node, ManualClock clock) {
        MeterRegistry registry = new SimpleMeterRegistry();
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults().withName("users"));
        try (CacheMetrics metrics = CacheMetrics.bind(cache, registry, "ignored", Tag.of("region", "eu"))) {
            cache.put("a", 1);
            cache.put("a", 2);
            cache.get("a");
            cache.get("a");
            cache.get("b");
            cache.getOrStore("c", k -> 3);
            cache.delete("a");

            assertThat(count(registry, "cache.gets", "result", "hit")).isEqualTo(2.0);
            assertThat(count(registry, "cache.gets", "result", "miss")).isEqualTo(2.0);
            assertThat(count(registry, "cache.loads", "result", "success")).isEqualTo(1.0);
            assertThat(count(registry, "cache.loads", "result", "failure")).isZero();
            assertThat(count(registry, "cache.removals", "cause", "replaced")).isEqualTo(1.0);
            assertThat(count(registry, "cache.removals", "cause", "explicit")).isEqualTo(1.0);
            assertThat(registry.get("cache.size").tag("cache", "users").gauge().value())
                    .isEqualTo(1.0);
            assertThat(registry.get("cache.size").gauge().getId().getTag("region"))
                    .as("the tags given at bind are on every meter")
                    .isEqualTo("eu");
            assertThat(metrics.toString()).contains("users");
        }
        assertThat(registry.getMeters()).as("close removes the meters").isEmpty();
    }

    @OtpTest
    void evictionsByTheSizeBoundAndByExpiryAreToldApart(Node node, ManualClock clock) {
        MeterRegistry registry = new SimpleMeterRegistry();
        Cache<Integer, String> cache =
                Cache.start(node, CacheOptions.defaults().withMaximumSize(10).withTtl(Duration.ofSeconds(5)));
        new CacheMetrics(cache, "users", List.of()).bindTo(registry);
        for (int i = 0; i < 30; i++) {
            cache.put(i, "v" + i);
        }
        cache.cleanUp();
        Eventually.until(() -> count(registry, "cache.evictions", "cause", "size") == 20.0, "20 evictions by size");
        clock.advance(Duration.ofSeconds(6));
        cache.cleanUp();
        Eventually.until(
                () -> count(registry, "cache.evictions", "cause", "expired") == 10.0, "10 expirations counted");
        assertThat(registry.get("cache.size").gauge().value()).isZero();
        cache.stop();
        assertThat(count(registry, "cache.evictions", "cause", "size"))
                .as("a stopped cache keeps its last counts")
                .isEqualTo(20.0);
    }

    @OtpTest
    void anUnnamedCacheIsTaggedWithTheGivenNameAndBadNamesAreRefused(Node node, ManualClock clock) {
        MeterRegistry registry = new SimpleMeterRegistry();
        Cache<String, String> cache = Cache.start(node, CacheOptions.defaults());
        CacheMetrics.bind(cache, registry, "sessions");
        assertThat(registry.get("cache.size").tag("cache", "sessions").gauge()).isNotNull();
        assertThatThrownBy(() -> new CacheMetrics(cache, " ", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cache name must not be blank");
    }
}
