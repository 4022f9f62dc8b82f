package io.otp4j.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.testing.Within;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The system clock's wheel of timeouts: never early, at most about a tick late, and a cancel that frees at once. */
class TimeoutWheelTest {

    private final List<Long> farDelays = new CopyOnWriteArrayList<>();

    private final TimeoutWheel wheel = new TimeoutWheel((delay, action) -> {
        farDelays.add(delay);
        return () -> true;
    });

    @Test
    void aTimeoutRunsOnceItsDelayHasPassedAndNotBefore() {
        long delay = TimeUnit.MILLISECONDS.toNanos(30);
        long armedAt = System.nanoTime();
        CompletableFuture<Long> ranAt = new CompletableFuture<>();
        wheel.schedule(delay, () -> ranAt.complete(System.nanoTime()));

        assertThat(Within.get(ranAt) - armedAt).isGreaterThanOrEqualTo(delay);
        assertThat(wheel.armed()).isZero();
    }

    @Test
    void aCancelledTimeoutNeverRunsAndLeavesItsBucketAtOnce() throws InterruptedException {
        AtomicInteger ran = new AtomicInteger();
        List<Clock.Scheduled> armed = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            armed.add(wheel.schedule(TimeUnit.MILLISECONDS.toNanos(i % 50), ran::incrementAndGet));
        }
        int cancelled = 0;
        for (Clock.Scheduled s : armed) {
            cancelled += s.cancel() ? 1 : 0;
        }
        CompletableFuture<Boolean> later = new CompletableFuture<>();
        wheel.schedule(TimeUnit.MILLISECONDS.toNanos(60), () -> later.complete(true));
        Within.get(later); // every cancelled timeout's tick has passed by now

        assertThat(ran.get() + cancelled)
                .as("each timeout ran or was cancelled")
                .isEqualTo(10_000);
        assertThat(ran.get()).as("a cancel that succeeded left nothing to run").isLessThan(10_000);
        assertThat(wheel.armed()).isZero();
        for (Clock.Scheduled s : armed) {
            assertThat(s.cancel()).as("gone: cancelled or run").isFalse();
        }
    }

    @Test
    void armedTimeoutsHoldNothingOnceCancelled() {
        List<Clock.Scheduled> armed = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            armed.add(wheel.schedule(TimeUnit.SECONDS.toNanos(5), () -> {}));
        }
        assertThat(wheel.armed()).isEqualTo(1_000);
        armed.forEach(Clock.Scheduled::cancel);
        assertThat(wheel.armed()).isZero();
    }

    @Test
    void anEarlierTimeoutWakesASweeperAsleepUntilALaterOne() {
        Clock.Scheduled late = wheel.schedule(TimeUnit.SECONDS.toNanos(7), () -> {});
        CompletableFuture<Boolean> first = new CompletableFuture<>();
        wheel.schedule(0, () -> first.complete(true));
        Within.get(first); // the sweeper has run it, and sleeps until the late timeout's tick
        long armedAt = System.nanoTime();
        CompletableFuture<Long> soon = new CompletableFuture<>();
        wheel.schedule(TimeUnit.MILLISECONDS.toNanos(10), () -> soon.complete(System.nanoTime()));

        assertThat(Within.get(soon) - armedAt)
                .as("woken for it, not at the later timeout's tick 7 s on")
                .isLessThan(TimeUnit.SECONDS.toNanos(3));
        assertThat(late.cancel()).isTrue();
    }

    @Test
    void aTimeoutArmedForATickTheSweeperHasPassedRunsAtItsNextTick() {
        CompletableFuture<Boolean> started = new CompletableFuture<>();
        wheel.schedule(0, () -> started.complete(true));
        Within.get(started);
        // As an armer that read the time, was descheduled, and linked its timeout after the sweeper went past it.
        CompletableFuture<Long> ran = new CompletableFuture<>();
        long armedAt = System.nanoTime();
        wheel.arm(TimeoutWheel.nowTick() - 3, () -> ran.complete(System.nanoTime()));

        assertThat(Within.get(ran) - armedAt)
                .as("run within a few ticks, not a lap of the ring (8 s) later")
                .isLessThan(TimeUnit.SECONDS.toNanos(3));
    }

    @Test
    void aDeadlineBeyondTheRingGoesToThePreciseTimer() {
        long beyond = TimeoutWheel.SLOTS * TimeoutWheel.TICK_NANOS;
        wheel.schedule(beyond, () -> {});

        assertThat(farDelays).containsExactly(beyond);
        assertThat(wheel.armed()).isZero();
    }

    @Test
    void anActionThatThrowsLeavesTheSweeperRunning() {
        wheel.schedule(0, () -> {
            throw new IllegalStateException("an action that fails, on purpose");
        });
        CompletableFuture<Boolean> after = new CompletableFuture<>();
        wheel.schedule(TimeUnit.MILLISECONDS.toNanos(5), () -> after.complete(true));

        assertThat(Within.get(after)).isTrue();
    }
}
