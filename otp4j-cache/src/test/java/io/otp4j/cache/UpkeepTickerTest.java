package io.otp4j.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The time Caffeine reads: fixed through an upkeep at its start, for the cache's process alone. */
class UpkeepTickerTest {

    private final ManualClock clock = new ManualClock();
    private final UpkeepTicker ticker = new UpkeepTicker(clock);

    @Test
    void anUpkeepReadsTheTimeItBeganAtAndOtherThreadsTheClock() throws Exception {
        AtomicLong inside = new AtomicLong();
        AtomicLong otherThread = new AtomicLong();
        AtomicLong listener = new AtomicLong();
        AtomicLong nested = new AtomicLong();
        ticker.upkeep(
                () -> {
                    clock.advance(Duration.ofSeconds(3));
                    inside.set(ticker.read());
                    otherThread.set(CompletableFuture.supplyAsync(ticker::read).join());
                    ticker.live(() -> listener.set(ticker.read()));
                    ticker.upkeep(() -> nested.set(ticker.read()), UpkeepTickerTest::noCatchUp);
                },
                () -> {});
        long three = Duration.ofSeconds(3).toNanos();
        assertThat(inside).as("in the upkeep").hasValue(0);
        assertThat(nested).as("in an upkeep within it").hasValue(0);
        assertThat(otherThread).as("another thread meanwhile").hasValue(three);
        assertThat(listener).as("the listener").hasValue(three);
        assertThat(ticker.read()).as("after the upkeep").isEqualTo(three);
    }

    @Test
    void upkeepsRunOnTheProcessOfTheFirst() throws Exception {
        ticker.upkeep(() -> {}, UpkeepTickerTest::noCatchUp);
        CompletableFuture<Void> elsewhere =
                CompletableFuture.runAsync(() -> ticker.upkeep(() -> {}, UpkeepTickerTest::noCatchUp));
        assertThatThrownBy(() -> elsewhere.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class)
                .cause()
                .hasMessageContaining("an upkeep runs on the cache's process");
    }

    @Test
    void aClockThatMovedDuringTheUpkeepGetsACatchUpPassAtTheNewerTime() {
        List<Long> catchUps = new ArrayList<>();
        ticker.upkeep(() -> clock.advance(Duration.ofSeconds(3)), () -> catchUps.add(ticker.read()));
        assertThat(catchUps).containsExactly(Duration.ofSeconds(3).toNanos());

        catchUps.clear();
        ticker.upkeep(
                () -> clock.advance(Duration.ofNanos(UpkeepTicker.CATCH_UP_NANOS - 1)),
                () -> catchUps.add(ticker.read()));
        assertThat(catchUps).as("under a millisecond later").isEmpty();

        catchUps.clear();
        ticker.upkeep(() -> {}, () -> {
            catchUps.add(ticker.read());
            clock.advance(Duration.ofSeconds(1)); // moves on during every catch-up: the passes are bounded
        });
        assertThat(catchUps).isEmpty();
        ticker.upkeep(() -> clock.advance(Duration.ofSeconds(1)), () -> {
            catchUps.add(ticker.read());
            clock.advance(Duration.ofSeconds(1));
        });
        assertThat(catchUps).hasSize(3);
    }

    private static void noCatchUp() {
        throw new AssertionError("the clock stood still: no catch-up pass was due");
    }
}
