package io.otp4j.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.testing.Within;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The system clock's alarms ({@link DeadlineWheel}): a wait that parks is always woken once its deadline has
 * passed, and never before, while other waits of the same threads leave the wheel and come back as the sweeper
 * looks at their slots.
 */
class DeadlineWheelTest {

    private static final int THREADS = 8;
    private static final int WAITS = 150;

    /**
     * Each thread alternates waits that park until their deadline (1 to 3 ms away) with waits that end before
     * they park, so its slot is queued, found idle by the sweeper, and queued again, over and over. A slot whose
     * queueing raced the sweeper and was lost would leave its thread parked past its deadline for good.
     */
    @Test
    void everyParkedWaitEndsAtItsDeadlineWhileTheSweeperRaces() {
        Clock clock = Clock.system();
        List<CompletableFuture<Integer>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int seed = t;
            CompletableFuture<Integer> finished = new CompletableFuture<>();
            done.add(finished);
            Thread.ofVirtual().start(() -> {
                try {
                    int timedOut = 0;
                    for (int i = 0; i < WAITS; i++) {
                        long timeout = TimeUnit.MILLISECONDS.toNanos(1 + (seed + i) % 3);
                        long start = System.nanoTime();
                        long until = Deadline.after(clock, timeout);
                        boolean parks = i % 2 == 0;
                        try (Clock.Alarm alarm = clock.alarm(until)) {
                            while (parks && !Deadline.hasPassed(clock, until)) {
                                alarm.park(this);
                            }
                        }
                        if (parks) {
                            assertThat(System.nanoTime() - start)
                                    .as("a wait ends no earlier than its deadline")
                                    .isGreaterThanOrEqualTo(timeout);
                            timedOut++;
                        }
                    }
                    finished.complete(timedOut);
                } catch (Throwable e) {
                    finished.completeExceptionally(e);
                }
            });
        }
        for (CompletableFuture<Integer> finished : done) {
            assertThat(Within.get(finished)).isEqualTo(WAITS / 2);
        }
    }
}
