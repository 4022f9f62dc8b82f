package io.otp4j.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** The per-key locks: one owner per key at a time, reentrant, bounded waits, nothing left behind. */
class KeyLocksTest {

    private static final long LONG = Duration.ofSeconds(30).toNanos();

    @Test
    void oneOwnerPerKeyAtATime() throws Exception {
        KeyLocks<Integer> locks = new KeyLocks<>();
        int keys = 3;
        int[] unguarded = new int[keys]; // plain ints: increments lost if two owners of a key overlapped
        int threads = 8;
        int each = 2_000;
        CountDownLatch done = new CountDownLatch(threads);
        CompletableFuture<Void> failure = new CompletableFuture<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        int key = (first + i) % keys;
                        ReentrantLock lock = locks.acquire(key, LONG);
                        try {
                            unguarded[key]++;
                        } finally {
                            locks.release(key, lock);
                        }
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
        for (int count : unguarded) {
            total += count;
        }
        assertThat(total).isEqualTo(threads * each);
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
