package io.otp4j.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.testing.TestClock;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The code shown in this package's documentation ({@link Clock}, {@link Deadline}), run and checked. */
class DocSnippetsTest {

    @Test
    void deadlineFromATimeout() {
        TestClock clock = new TestClock();
        Duration timeout = Duration.ofSeconds(5);
        // @start region="deadline"
        long until = Deadline.after(clock, timeout, "timeout"); // nanoTime() + timeout, saturated
        long left = Deadline.remaining(clock, until); // 0 once it has passed
        // @end
        assertThat(left).isEqualTo(timeout.toNanos());
        clock.advance(Duration.ofSeconds(2));
        assertThat(Deadline.remaining(clock, until))
                .isEqualTo(Duration.ofSeconds(3).toNanos());
        clock.advance(Duration.ofSeconds(4));
        assertThat(Deadline.remaining(clock, until)).isZero();
        assertThat(Deadline.after(clock, Duration.ofNanos(Long.MAX_VALUE), "timeout"))
                .isEqualTo(Deadline.NEVER);
    }

    /** A flag one thread waits for until a deadline, the way {@link Clock#alarm} is meant to be used. */
    static final class Flag {
        private final Clock clock;
        private volatile boolean set;
        private final Thread waiter;

        Flag(Clock clock, Thread waiter) {
            this.clock = clock;
            this.waiter = waiter;
        }

        void set() {
            set = true;
            LockSupport.unpark(waiter);
        }

        private boolean done() {
            return set;
        }

        /** {@return true once the flag is set, false if {@code deadline} passes first} */
        boolean await(long deadline) {
            // @start region="alarm"
            try (Clock.Alarm alarm = clock.alarm(deadline)) {
                while (!done()) {
                    if (Deadline.hasPassed(clock, deadline)) {
                        return false; // timed out
                    }
                    alarm.park(this);
                }
            }
            return true;
            // @end
        }
    }

    @Test
    void anAlarmWakesTheWaiterAtItsDeadline() {
        TestClock clock = new TestClock();
        long deadline = Deadline.after(clock, Duration.ofSeconds(1), "timeout");
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> result.complete(new Flag(clock, Thread.currentThread()).await(deadline)));
        Within.eventually("the alarm is armed", () -> clock.pending() > 0);
        assertThat(result).isNotDone();
        clock.advance(Duration.ofSeconds(1));
        assertThat(Within.get(result)).isFalse();
    }

    @Test
    void theWaiterSeesWhatItWaitsForBeforeTheDeadline() {
        Clock clock = Clock.system();
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        CompletableFuture<Flag> flagged = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            Flag mine = new Flag(clock, Thread.currentThread());
            flagged.complete(mine);
            result.complete(mine.await(Deadline.NEVER));
        });
        Flag flag = Within.get(flagged);
        Within.eventually("the waiter parks", () -> waiter.getState() == Thread.State.WAITING);
        flag.set();
        assertThat(Within.get(result)).isTrue();
    }
}
