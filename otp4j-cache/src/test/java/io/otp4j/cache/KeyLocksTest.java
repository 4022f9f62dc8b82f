package io.otp4j.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
     * Runs {@code each} rounds on each of {@code threads} platform threads over 3 keys, and checks that no
     * increment of the unguarded counters was lost and no lock was left behind.
     */
    private static void race(KeyLocks<Integer> locks, int threads, int each, int[] unguarded, Round round)
            throws Exception {
        CountDownLatch done = new CountDownLatch(threads);
        CompletableFuture<Void> failure = new CompletableFuture<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        round.run(me, (me + i) % unguarded.length);
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
        assertThat(IntStream.of(unguarded).sum()).isEqualTo(threads * each);
        assertThat(locks.size()).isZero();
    }

    private static void asOwner(KeyLocks<Integer> locks, int key, int[] unguarded) throws Exception {
        ReentrantLock lock = locks.acquire(key, LONG);
        try {
            unguarded[key]++;
        } finally {
            locks.release(key, lock);
        }
    }

    @Test
    void oneOwnerPerKeyAtATime() throws Exception {
        KeyLocks<Integer> locks = new KeyLocks<>();
        int[] unguarded = new int[3];
        race(locks, 8, 2_000, unguarded, (thread, key) -> asOwner(locks, key, unguarded));
    }

    @Test
    void workRunIfFreeNeverOverlapsAnOwner() throws Exception {
        KeyLocks<Integer> locks = new KeyLocks<>();
        int[] unguarded = new int[3];
        int threads = 8;
        int[] quick = new int[threads]; // how often each thread's quick work ran (it ran as an owner otherwise)
        race(locks, threads, 20_000, unguarded, (thread, key) -> {
            // Half the threads work as owners; the others try the quick way first, as a put does.
            if (thread % 2 == 0 || locks.runIfFree(key, () -> unguarded[key]++) == KeyLocks.HELD) {
                asOwner(locks, key, unguarded);
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
        assertThat(locks.runIfFree("other", () -> "free")).isEqualTo("free");
        locks.release("k", held);
        assertThat(locks.runIfFree("k", () -> ran[0]++)).isEqualTo(0);
        assertThat(ran[0]).isEqualTo(1);
        assertThat(locks.size()).isZero();
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
