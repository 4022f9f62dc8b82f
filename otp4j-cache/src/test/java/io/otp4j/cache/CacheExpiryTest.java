package io.otp4j.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Node;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.ManualClock;
import io.otp4j.testkit.OtpTest;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** Times to live on the node's clock: the cache's, an entry's own, touch on read, touch, and who removes. */
class CacheExpiryTest {

    private static final Duration TTL = Duration.ofSeconds(10);

    @OtpTest
    void anEntryLivesTheCachesTtlAfterItsLastWrite(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults().withTtl(TTL));
        cache.put("a", 1);
        clock.advance(Duration.ofSeconds(6));
        cache.put("a", 2); // a write renews the entry's time to live
        clock.advance(Duration.ofSeconds(6));
        assertThat(cache.get("a")).contains(2);
        clock.advance(Duration.ofSeconds(3)); // 9 s after the write: still there
        assertThat(cache.get("a")).contains(2);
        clock.advance(Duration.ofSeconds(1)); // 10 s: gone
        assertThat(cache.get("a")).isEmpty();
    }

    @OtpTest
    void withoutATtlEntriesStay(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
        cache.put("a", 1);
        clock.advance(Duration.ofDays(365 * 100));
        assertThat(cache.get("a")).contains(1);
    }

    @OtpTest
    void anEntryPutWithItsOwnTtlKeepsIt(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults().withTtl(TTL));
        cache.put("short", 1, Duration.ofSeconds(2));
        cache.put("long", 2, Duration.ofMinutes(1));
        cache.put("never", 3, ChronoUnit.FOREVER.getDuration());
        cache.put("default", 4);
        clock.advance(Duration.ofSeconds(2));
        assertThat(cache.get("short")).isEmpty();
        assertThat(cache.get("default")).contains(4);
        clock.advance(TTL);
        assertThat(cache.get("default")).isEmpty();
        assertThat(cache.get("long")).contains(2);
        clock.advance(Duration.ofMinutes(1));
        assertThat(cache.get("long")).isEmpty();
        assertThat(cache.get("never")).contains(3);
    }

    @OtpTest
    void withoutTouchOnReadAReadDoesNotRenew(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults().withTtl(TTL));
        cache.put("a", 1);
        clock.advance(Duration.ofSeconds(9));
        assertThat(cache.get("a")).contains(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("a")).isEmpty();
    }

    @OtpTest
    void withTouchOnReadAReadRenews(Node node, ManualClock clock) {
        Cache<String, Integer> cache =
                Cache.start(node, CacheOptions.defaults().withTtl(TTL).withTouchOnRead(true));
        cache.put("a", 1);
        cache.put("b", 2, Duration.ofSeconds(4)); // a read renews an entry's own ttl, not the cache's
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(3));
            assertThat(cache.get("a")).contains(1);
            assertThat(cache.get("b")).contains(2);
        }
        clock.advance(Duration.ofSeconds(4));
        assertThat(cache.get("b")).isEmpty();
        clock.advance(Duration.ofSeconds(6));
        assertThat(cache.get("a")).isEmpty();
    }

    @OtpTest
    void insertNewOnATakenKeyIsNoRead(Node node, ManualClock clock) {
        Cache<String, Integer> cache =
                Cache.start(node, CacheOptions.defaults().withTtl(TTL).withTouchOnRead(true));
        cache.put("a", 1);
        clock.advance(Duration.ofSeconds(8));
        assertThat(cache.insertNew("a", 2)).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(cache.get("a")).as("the refused insert renewed nothing").isEmpty();
        assertThat(cache.stats().hits()).isZero();
    }

    @OtpTest
    void touchRenewsByHand(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults().withTtl(TTL));
        cache.put("a", 1);
        clock.advance(Duration.ofSeconds(8));
        assertThat(cache.touch("a")).isTrue();
        assertThat(cache.touch("missing")).isFalse();
        clock.advance(Duration.ofSeconds(8));
        assertThat(cache.get("a")).contains(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.stats().hits()).as("touch counts no hit").isEqualTo(1);
    }

    @OtpTest
    void anUpdateRenewsTheEntrysOwnTtl(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults().withTtl(TTL));
        cache.put("own", 1, Duration.ofMinutes(1));
        clock.advance(Duration.ofSeconds(50));
        cache.update("own", n -> n.orElseThrow() + 1);
        cache.updateExisting("own", n -> n + 1);
        clock.advance(Duration.ofSeconds(50));
        assertThat(cache.get("own"))
                .as("renewed for its own minute, not the cache's 10 s")
                .contains(3);
        cache.update("own", Duration.ofSeconds(1), n -> 4);
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("own")).isEmpty();
        cache.update("new", n -> 5); // a new entry gets the cache's ttl
        clock.advance(TTL);
        assertThat(cache.get("new")).isEmpty();
    }

    @OtpTest
    void cleanUpRemovesAndCountsExpiredEntriesBeforeItReturns(Node node, ManualClock clock)
            throws InterruptedException {
        Removals<String, Integer> removals = new Removals<>();
        Cache<String, Integer> cache =
                Cache.start(node, CacheOptions.defaults().withTtl(TTL).withRemovalListener(removals));
        // The cache's process would remove the entry on its own schedule: keep it suspended, so that only the
        // test's cleanUp can.
        node.suspend(cache.pid());
        cache.put("a", 1);
        cache.put("b", 2, Duration.ofMinutes(1));
        // Past the expiry by more than a tick of Caffeine's timer wheel (2^30 ns), which cleanUp works in.
        clock.advance(TTL.plusSeconds(2));
        assertThat(cache.size()).as("expired, but not yet removed").isEqualTo(2);
        cache.cleanUp();
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.stats().expirations()).isEqualTo(1);
        assertThat(removals.pending())
                .as("the listener runs on the suspended process")
                .isZero();
        assertThat(node.resume(cache.pid())).isTrue();
        Removals.Removal<String, Integer> removal = removals.next();
        assertThat(removal.key()).isEqualTo("a");
        assertThat(removal.value()).isEqualTo(1);
        assertThat(removal.cause()).isEqualTo(RemovalCause.EXPIRED);
        assertThat(removal.cause().wasEvicted()).isTrue();
        assertThat(removal.thread()).isNotSameAs(Thread.currentThread());
        assertThat(removal.thread().isVirtual()).as("the cache's process").isTrue();
        assertThat(removals.none(Duration.ofMillis(50))).isTrue();
    }

    @OtpTest
    void theCachesProcessRemovesExpiredEntriesOnTheClocksSchedule(Node node, ManualClock clock)
            throws InterruptedException {
        Removals<String, Integer> removals = new Removals<>();
        Cache<String, Integer> cache =
                Cache.start(node, CacheOptions.defaults().withTtl(TTL).withRemovalListener(removals));
        cache.put("a", 1);
        Eventually.until(() -> clock.pending() > 0, "the cache asked the clock to prompt it");
        clock.advance(TTL.minusSeconds(1));
        assertThat(removals.none(Duration.ofMillis(50))).isTrue();
        // Caffeine paces its prompts with a tolerance of about a second: two more seconds cover it.
        clock.advance(Duration.ofSeconds(3));
        Removals.Removal<String, Integer> removal = removals.next(); // no read, no cleanUp: the process did it
        assertThat(removal.key()).isEqualTo("a");
        assertThat(removal.cause()).isEqualTo(RemovalCause.EXPIRED);
        assertThat(removal.thread()).isNotSameAs(Thread.currentThread());
        assertThat(removal.thread().isVirtual()).as("the cache's process").isTrue();
        assertThat(cache.stats().expirations()).isEqualTo(1);
        assertThat(cache.size()).isZero();
    }
}
