package io.otp4j.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Node;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.ManualClock;
import io.otp4j.testkit.OtpTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Writes of one key run one at a time, other keys are not held up, and concurrent misses compute once. */
class CacheIsolationTest {

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(30, TimeUnit.SECONDS)).as("finished within 30 s").isTrue();
    }

    /** An update of one key that holds the key's lock until released. */
    private static final class HeldKey {
        private final CountDownLatch holding = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final CountDownLatch finished = new CountDownLatch(1);

        /** Starts {@code cache.update(key, ...)} on another thread and returns once it holds the key. */
        HeldKey(Cache<String, Integer> cache, String key, int value) throws InterruptedException {
            Thread.ofVirtual().start(() -> {
                cache.update(key, n -> {
                    holding.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return value;
                });
                finished.countDown();
            });
            await(holding);
        }

        /** Lets the update store its value and waits until it has. */
        void release() throws InterruptedException {
            release.countDown();
            await(finished);
        }
    }

    @OtpTest
    void concurrentMissesOfGetOrStoreComputeOnce(Node node, ManualClock clock) throws InterruptedException {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
        AtomicInteger computations = new AtomicInteger();
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        int threads = 32;
        int processes = 32;
        CountDownLatch ready = new CountDownLatch(threads + processes);
        CountDownLatch done = new CountDownLatch(threads + processes);
        ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();
        Runnable miss = () -> {
            ready.countDown();
            try {
                ready.await(30, TimeUnit.SECONDS);
                seen.add(cache.getOrStore("key", k -> {
                    computations.incrementAndGet();
                    computing.countDown();
                    try {
                        // Hold the computation until every other caller has asked, so they all miss.
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return 42;
                }));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.countDown();
            }
        };
        for (int i = 0; i < threads; i++) {
            Thread.ofPlatform().start(miss);
        }
        for (int i = 0; i < processes; i++) {
            node.spawn(self -> miss.run());
        }
        await(computing);
        // The computation holds the key until every caller has looked and missed: they all miss at once.
        Eventually.until(() -> cache.stats().misses() == threads + processes, "every caller missed");
        release.countDown();
        await(done);
        assertThat(computations).hasValue(1);
        assertThat(seen).hasSize(threads + processes).containsOnly(42);
        assertThat(cache.stats().loads()).isEqualTo(1);
        assertThat(cache.lockedKeys()).isZero();
    }

    @OtpTest
    void aFailedComputationLetsTheNextCallerCompute(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
        assertThatThrownBy(() -> cache.getOrStore("k", k -> {
                    throw new IllegalStateException("backend down");
                }))
                .hasMessage("backend down");
        assertThat(cache.get("k")).isEmpty();
        assertThat(cache.getOrStore("k", k -> 7)).isEqualTo(7);
        assertThat(cache.getOrStore("k", k -> 8)).isEqualTo(7);
    }

    @OtpTest
    void concurrentUpdatesOfOneKeyLoseNothing(Node node, ManualClock clock) throws InterruptedException {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
        int callers = 16;
        int each = 500;
        CountDownLatch done = new CountDownLatch(callers);
        for (int i = 0; i < callers; i++) {
            boolean process = i % 2 == 0;
            Runnable work = () -> {
                for (int j = 0; j < each; j++) {
                    // A read-modify-write that would lose increments if two ran at once.
                    cache.update("n", n -> n.orElse(0) + 1);
                }
                done.countDown();
            };
            if (process) {
                node.spawn(self -> work.run());
            } else {
                Thread.ofPlatform().start(work);
            }
        }
        await(done);
        assertThat(cache.get("n")).contains(callers * each);
        assertThat(cache.lockedKeys()).isZero();
    }

    @OtpTest
    void aPutWaitsForAnUpdateOfItsKeyButNotOfAnother(Node node, ManualClock clock) throws InterruptedException {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
        HeldKey busy = new HeldKey(cache, "busy", 1);
        // Another key is not held up by the busy one: these return while the update still holds "busy".
        cache.put("other", 2);
        assertThat(cache.update("other", n -> n.orElseThrow() + 1)).isEqualTo(3);
        assertThat(cache.get("busy")).as("a read takes no lock").isEmpty();
        CountDownLatch putDone = new CountDownLatch(1);
        List<Integer> afterPut = new ArrayList<>();
        Thread.ofVirtual().start(() -> {
            cache.put("busy", 10); // waits for the update, then overwrites its result
            afterPut.add(cache.get("busy").orElseThrow());
            putDone.countDown();
        });
        assertThat(putDone.await(100, TimeUnit.MILLISECONDS))
                .as("the put waits while the update holds the key")
                .isFalse();
        busy.release();
        await(putDone);
        assertThat(afterPut).containsExactly(10);
        assertThat(cache.get("busy")).contains(10);
        assertThat(cache.lockedKeys()).isZero();
    }

    @OtpTest
    void aWriteThatWaitsLongerThanTheLockTimeoutFailsAndChangesNothing(Node node) throws InterruptedException {
        Cache<String, Integer> cache =
                Cache.start(node, CacheOptions.defaults().withName("slow").withLockTimeout(Duration.ofMillis(20)));
        cache.put("k", 1);
        HeldKey held = new HeldKey(cache, "k", 2);
        assertThatThrownBy(() -> cache.put("k", 3))
                .isInstanceOf(CacheLockTimeoutException.class)
                .hasMessageStartingWith("cache \"slow\" <")
                .hasMessageEndingWith(
                        ": key k stayed locked by another operation for longer than PT0.02S;" + " nothing was changed");
        held.release();
        assertThat(cache.get("k")).contains(2);
        assertThat(cache.lockedKeys()).isZero();
    }

    @OtpTest
    void aFunctionMayUseItsOwnKeyAndOthers(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
        int value = cache.getOrStore("sum", k -> {
            cache.put("a", 1); // another key
            int b = cache.getOrStore("b", kb -> 2); // a nested computation
            cache.put("sum", 0); // its own key: the lock is reentrant
            return cache.get("a").orElseThrow() + b;
        });
        assertThat(value).isEqualTo(3);
        assertThat(cache.get("sum")).contains(3);
        assertThat(cache.lockedKeys()).isZero();
    }
}
