package io.otp4j.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Node;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.ManualClock;
import io.otp4j.testkit.OtpTest;
import io.otp4j.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

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

    /**
     * The process's upkeep may drain Caffeine's write buffer just before a write and read the clock just after an
     * advance: the written entry then reaches the timer wheel after the wheel has passed its expiry. cleanUp must
     * still remove it. The clock holds the process at its first reading during a message, so that the write and
     * the advance fall there.
     */
    @Test
    void cleanUpRemovesAnEntryWrittenWhileTheProcessWasInItsUpkeep() throws InterruptedException {
        HeldClock clock = new HeldClock();
        Node node = Node.start("CacheExpiryTest.cleanUpRemovesAnEntryWrittenWhileTheProcessWasInItsUpkeep", clock);
        try {
            Removals<String, Integer> removals = new Removals<>();
            Cache<String, Integer> cache =
                    Cache.start(node, CacheOptions.defaults().withTtl(TTL).withRemovalListener(removals));
            clock.holdTheProcess();
            cache.put("a", 1); // the process's upkeep starts, and waits at its reading of the clock
            assertThat(clock.reached.await(5, TimeUnit.SECONDS))
                    .as("the process read the clock in its upkeep")
                    .isTrue();
            cache.put("b", 2, Duration.ofSeconds(1));
            clock.manual.advance(Duration.ofSeconds(3)); // past b's expiry by more than a tick of the timer wheel
            clock.released.countDown();
            cache.cleanUp();
            assertThat(cache.stats().expirations()).isEqualTo(1);
            assertThat(cache.size()).isEqualTo(1);
            Removals.Removal<String, Integer> removal = removals.next();
            assertThat(removal.key()).isEqualTo("b");
            assertThat(removal.cause()).isEqualTo(RemovalCause.EXPIRED);
        } finally {
            clock.released.countDown();
            node.close(Duration.ofSeconds(1));
        }
    }

    /**
     * The process's upkeep may read the clock and then be held up while the clock advances past an entry's expiry.
     * The entry must still leave, and the listener hear of it, with no further advance: Caffeine's next prompt,
     * paced from the older time, would fall past the advanced clock.
     */
    @Test
    void anUpkeepHeldUpWhileTheClockAdvancesStillExpiresWhatCameDue() throws InterruptedException {
        HeldClock clock = new HeldClock();
        clock.timeBeforeTheHold = true;
        Node node = Node.start("CacheExpiryTest.anUpkeepHeldUpWhileTheClockAdvancesStillExpiresWhatCameDue", clock);
        try {
            Removals<String, Integer> removals = new Removals<>();
            Cache<String, Integer> cache =
                    Cache.start(node, CacheOptions.defaults().withTtl(TTL).withRemovalListener(removals));
            clock.holdTheProcess();
            cache.put("a", 1, Duration.ofSeconds(1)); // the process's upkeep reads the time, then is held
            assertThat(clock.reached.await(5, TimeUnit.SECONDS))
                    .as("the process read the clock in its upkeep")
                    .isTrue();
            clock.manual.advance(Duration.ofSeconds(3));
            clock.released.countDown();
            Removals.Removal<String, Integer> removal = removals.next();
            assertThat(removal.key()).isEqualTo("a");
            assertThat(removal.cause()).isEqualTo(RemovalCause.EXPIRED);
        } finally {
            clock.released.countDown();
            node.close(Duration.ofSeconds(1));
        }
    }

    /** A manual clock that, once asked to, holds the cache's process at its first reading while it handles a message. */
    private static final class HeldClock implements Clock {
        final ManualClock manual = new ManualClock();
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
        private final AtomicBoolean holding = new AtomicBoolean();
        // Whether the held reading returns the time as the hold began (a thread held up just after its reading)
        // or as it ended.
        private volatile boolean timeBeforeTheHold;

        void holdTheProcess() {
            holding.set(true);
        }

        @Override
        public long nanoTime() {
            long before = manual.nanoTime();
            if (holding.get() && handlingAMessage() && holding.compareAndSet(true, false)) {
                reached.countDown();
                try {
                    if (!released.await(10, TimeUnit.SECONDS)) {
                        throw new AssertionError("the test did not release the cache's process");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (timeBeforeTheHold) {
                    return before;
                }
            }
            return manual.nanoTime();
        }

        private static boolean handlingAMessage() {
            return StackWalker.getInstance()
                    .walk(frames -> frames.anyMatch(f -> f.getClassName().equals(CacheServer.class.getName())
                            && f.getMethodName().equals("handleInfo")));
        }

        @Override
        public Scheduled schedule(long delayNanos, Runnable action) {
            return manual.schedule(delayNanos, action);
        }
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

    /**
     * A clock whose coarse time lags its precise one by as much as the test says, as the system clock's may lag by up
     * to a tick of its ticker.
     */
    private static final class LaggingClock implements Clock {
        final ManualClock manual = new ManualClock();
        volatile long lagNanos;

        @Override
        public long nanoTime() {
            return manual.nanoTime();
        }

        @Override
        public long coarseNanoTime() {
            return manual.nanoTime() - lagNanos;
        }

        @Override
        public Scheduled schedule(long delayNanos, Runnable action) {
            return manual.schedule(delayNanos, action);
        }
    }

    @Test
    void anEntryWrittenWhileTheCoarseTimeLagsLivesItsWholeTtl() {
        LaggingClock clock = new LaggingClock();
        try (Node node = Node.start("CacheExpiryTest.coarseLagAtTheWrite", clock)) {
            Cache<String, Integer> cache =
                    Cache.start(node, CacheOptions.defaults().withTtl(TTL));
            Cache<String, Integer> touched =
                    Cache.start(node, CacheOptions.defaults().withTtl(TTL).withTouchOnRead(true));
            clock.lagNanos = Duration.ofMillis(1).toNanos(); // the ticker is a tick behind as the entries are written
            cache.put("default", 1);
            cache.put("own", 2, Duration.ofSeconds(2));
            touched.put("read", 3);
            clock.manual.advance(Duration.ofSeconds(1));
            assertThat(touched.get("read")).contains(3); // renewed from the precise time, a tick behind again
            cache.put("touched", 4);
            assertThat(cache.touch("touched")).isTrue();
            clock.lagNanos = 0; // and caught up as they are read
            clock.manual.advance(Duration.ofMillis(999).plusNanos(500_000)); // half a tick before "own" expires
            assertThat(cache.get("own"))
                    .as("own ttl, half a tick before its end")
                    .contains(2);
            clock.manual.advance(Duration.ofNanos(500_000));
            assertThat(cache.get("own")).as("own ttl, at its end").isEmpty();
            clock.manual.advance(TTL.minus(Duration.ofSeconds(2)).minusNanos(500_000));
            assertThat(cache.get("default"))
                    .as("the cache's ttl, half a tick before its end")
                    .contains(1);
            assertThat(touched.get("read"))
                    .as("touched on read a second after it was written")
                    .contains(3);
            clock.manual.advance(Duration.ofSeconds(1));
            assertThat(cache.get("default")).isEmpty();
            assertThat(cache.get("touched"))
                    .as("touch renews from the precise time")
                    .contains(4);
        }
    }

    @Test
    void aReadWhileTheCoarseTimeLagsMayFindAnEntryLateButNeverEarly() {
        LaggingClock clock = new LaggingClock();
        try (Node node = Node.start("CacheExpiryTest.coarseLagAtTheRead", clock)) {
            Cache<String, Integer> cache =
                    Cache.start(node, CacheOptions.defaults().withTtl(TTL));
            cache.put("a", 1);
            clock.lagNanos = Duration.ofMillis(1).toNanos();
            clock.manual.advance(TTL.minusNanos(1));
            assertThat(cache.get("a")).as("before its time").contains(1);
            clock.manual.advance(Duration.ofNanos(500_001));
            assertThat(cache.get("a"))
                    .as("half a tick after its time, the coarse time a tick behind")
                    .contains(1);
            clock.lagNanos = 0;
            assertThat(cache.get("a")).as("once the coarse time has caught up").isEmpty();
        }
    }
}
