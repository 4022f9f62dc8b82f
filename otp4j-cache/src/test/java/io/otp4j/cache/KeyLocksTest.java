package io.otp4j.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The per-key locks: one owner per key at a time, reentrant, bounded waits, nothing left behind. */
class KeyLocksTest {

    private static final long LONG = Duration.ofSeconds(30).toNanos();

    /** One round of a thread's work on a key; plain ints it increments lose counts if two rounds overlap. */
    @FunctionalInterface
    private interface Round {
        void run(int thread, int key) throws Exception;
    }

    /**
     * Runs {@code each} rounds on each of {@code threads} platform threads over the counters' keys, and checks
     * that no increment was lost and no lock was left behind.
     */
    private static void race(KeyLocks<Integer> locks, int threads, int each, AtomicIntegerArray counters, Round round)
            throws Exception {
        CountDownLatch done = new CountDownLatch(threads);
        CompletableFuture<Void> failure = new CompletableFuture<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        round.run(me, (me + i) % counters.length());
                    }
                } catch (Exception | AssertionError e) {
                    failure.completeExceptionally(e);
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(failure).isNotCompletedExceptionally();
        int total = 0;
        for (int key = 0; key < counters.length(); key++) {
            total += counters.get(key);
        }
        assertThat(total).as("no increment lost").isEqualTo(threads * each);
        assertThat(locks.size()).isZero();
    }

    /**
     * Increments {@code key}'s counter as its owner, unguarded: a read, then a write of one more. An increment of
     * the key by anyone else in between is lost.
     */
    private static void asOwner(KeyLocks<Integer> locks, int key, AtomicIntegerArray counters) throws Exception {
        ReentrantLock lock = locks.acquire(key, LONG);
        try {
            int seen = counters.get(key);
            Thread.onSpinWait();
            counters.set(key, seen + 1);
        } finally {
            locks.release(key, lock);
        }
    }

    @Test
    void oneOwnerPerKeyAtATime() throws Exception {
        KeyLocks<Integer> locks = new KeyLocks<>();
        AtomicIntegerArray counters = new AtomicIntegerArray(3);
        race(locks, 8, 2_000, counters, (thread, key) -> asOwner(locks, key, counters));
    }

    @Test
    void quickWorkNeverOverlapsAnOwner() throws Exception {
        KeyLocks<Integer> locks = new KeyLocks<>();
        AtomicIntegerArray counters = new AtomicIntegerArray(3);
        int threads = 8;
        int[] quick = new int[threads]; // how often each thread's quick work ran (it ran as an owner otherwise)
        race(locks, threads, 20_000, counters, (thread, key) -> {
            // Half the threads work as owners; the others try quick work first, as a put does. Quick work is
            // one atomic step, as a store's put is: quick works may overlap each other, never an owner.
            if (thread % 2 == 0 || locks.runIfFree(key, () -> counters.incrementAndGet(key)) == KeyLocks.HELD) {
                asOwner(locks, key, counters);
            } else {
                quick[thread]++;
            }
        });
        assertThat(IntStream.of(quick).sum())
                .as("quick work ran at least once without the lock")
                .isPositive();
    }

    @Test
    void workRunIfFreeWaitsForNoOneButDoesNotRunWhileTheKeyIsHeld() throws Exception {
        KeyLocks<String> locks = new KeyLocks<>();
        assertThat(locks.runIfFree("k", () -> "done")).isEqualTo("done");
        assertThat(locks.size()).as("the quick way leaves nothing behind").isZero();
        ReentrantLock held = locks.acquire("k", LONG);
        int[] ran = {0};
        assertThat(locks.runIfFree("k", () -> ran[0]++))
                .as("held by this very thread")
                .isSameAs(KeyLocks.HELD);
        CompletableFuture<Object> other = CompletableFuture.supplyAsync(
                () -> locks.runIfFree("k", () -> ran[0]++),
                runnable -> Thread.ofVirtual().start(runnable));
        assertThat(other.get(30, TimeUnit.SECONDS)).as("held by another thread").isSameAs(KeyLocks.HELD);
        assertThat(ran[0]).isZero();
        assertThat(KeyLocks.stripeOf("other")).as("the test's premise").isNotEqualTo(KeyLocks.stripeOf("k"));
        assertThat(locks.runIfFree("other", () -> "free")).isEqualTo("free");
        locks.release("k", held);
        assertThat(locks.runIfFree("k", () -> ran[0]++)).isEqualTo(0);
        assertThat(ran[0]).isEqualTo(1);
        assertThat(locks.size()).isZero();
    }

    /** {@return a key other than {@code key} that falls into its stripe} */
    private static int sameStripeAs(int key) {
        for (int other = key + 1; other < key + 100 * KeyLocks.STRIPES; other++) {
            if (KeyLocks.stripeOf(other) == KeyLocks.stripeOf(key)) {
                return other;
            }
        }
        throw new AssertionError("no key shares the stripe of " + key);
    }

    @Test
    void anOwnerOfAKeyHoldsOffQuickWorkOnTheKeysOfItsStripeOnly() throws Exception {
        KeyLocks<Integer> locks = new KeyLocks<>();
        int owned = 7;
        int neighbour = sameStripeAs(owned);
        int elsewhere = owned + 1;
        assertThat(KeyLocks.stripeOf(elsewhere)).as("the test's premise").isNotEqualTo(KeyLocks.stripeOf(owned));
        ReentrantLock held = locks.acquire(owned, LONG);
        assertThat(locks.runIfFree(neighbour, () -> "ran")).isSameAs(KeyLocks.HELD);
        assertThat(locks.runIfFree(elsewhere, () -> "ran")).isEqualTo("ran");
        // The neighbour's write then takes the neighbour's own lock, which is free.
        ReentrantLock neighbours = locks.acquire(neighbour, LONG);
        locks.release(neighbour, neighbours);
        locks.release(owned, held);
        assertThat(locks.runIfFree(neighbour, () -> "ran")).isEqualTo("ran");
        assertThat(locks.size()).isZero();
    }

    @Test
    void aNewOwnerWaitsForQuickWorkThatStartedBeforeIt() throws Exception {
        KeyLocks<String> locks = new KeyLocks<>();
        int stripe = locks.enterQuick("k");
        assertThat(stripe).as("no owner yet").isNotNegative();
        CompletableFuture<Boolean> owned = new CompletableFuture<>();
        CountDownLatch release = new CountDownLatch(1);
        Thread owner = Thread.ofVirtual().start(() -> {
            try {
                ReentrantLock lock = locks.acquire("k", LONG);
                owned.complete(lock.isHeldByCurrentThread());
                release.await();
                locks.release("k", lock);
            } catch (Exception e) {
                owned.completeExceptionally(e);
            }
        });
        // Once the owner has counted itself, only this thread's exitQuick can let it through.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (locks.owners(stripe) == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(locks.owners(stripe)).isEqualTo(1);
        assertThat(owned).as("waits for the quick work in flight").isNotDone();
        assertThat(locks.enterQuick("k")).as("later quick work sees the owner").isNegative();
        locks.exitQuick(stripe);
        assertThat(owned.get(30, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        assertThat(owner.join(Duration.ofSeconds(30))).isTrue();
        assertThat(locks.owners(stripe)).isZero();
        assertThat(locks.size()).isZero();
        assertThat(locks.enterQuick("k")).isEqualTo(stripe);
        locks.exitQuick(stripe);
    }

    @Test
    void theOwnerMayTakeItsKeyAgain() throws Exception {
        KeyLocks<String> locks = new KeyLocks<>();
        ReentrantLock outer = locks.acquire("k", LONG);
        ReentrantLock inner = locks.acquire("k", LONG);
        assertThat(inner).isSameAs(outer);
        assertThat(outer.getHoldCount()).isEqualTo(2);
        locks.release("k", inner);
        assertThat(locks.size()).as("still held once").isEqualTo(1);
        locks.release("k", outer);
        assertThat(locks.size()).isZero();
        assertThat(outer.isLocked()).isFalse();
    }

    @Test
    void aWaiterTimesOutOrIsInterruptedAndLeavesNothingBehind() throws Exception {
        KeyLocks<String> locks = new KeyLocks<>();
        ReentrantLock held = locks.acquire("k", LONG);
        CompletableFuture<Throwable> timedOut = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                locks.acquire("k", Duration.ofMillis(10).toNanos());
                timedOut.complete(new AssertionError("took a held key"));
            } catch (Exception e) {
                timedOut.complete(e);
            }
        });
        assertThat(timedOut.get(30, TimeUnit.SECONDS)).isInstanceOf(KeyLocks.TimedOut.class);
        CompletableFuture<Throwable> interrupted = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread waiter = Thread.ofVirtual().start(() -> {
            started.countDown();
            try {
                locks.acquire("k", LONG);
                interrupted.complete(new AssertionError("took a held key"));
            } catch (Exception e) {
                interrupted.complete(e);
            }
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        waiter.interrupt();
        assertThat(interrupted.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(locks.size()).as("only the holder's lock").isEqualTo(1);
        locks.release("k", held);
        assertThat(locks.size()).isZero();
        ReentrantLock again = locks.acquire("k", LONG); // free for the next
        locks.release("k", again);
        assertThatThrownBy(() -> locks.release("k", again)).isInstanceOf(IllegalMonitorStateException.class);
    }
}
