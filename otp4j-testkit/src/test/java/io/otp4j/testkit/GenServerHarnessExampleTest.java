package io.otp4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.testkit.Effect.Continued;
import io.otp4j.testkit.Effect.InfoHandled;
import io.otp4j.testkit.Effect.Replied;
import io.otp4j.testkit.Effect.TimerSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The example of {@link GenServerHarness}'s documentation, as it is written there. */
class GenServerHarnessExampleTest {

    @Test
    void aTickerTicksWhenTheClockMoves() {
        // @start region=harness
        try (var ticker = GenServerHarness.start(new Ticker())) {
            assertThat(ticker.newEffects()).containsExactly(new Continued("load")); // init asked to continue

            ticker.cast(new Ticker.Start()); // sets a 5 s timer
            assertThat(ticker.newEffects()).singleElement().isInstanceOfSatisfying(TimerSet.class, t -> {
                assertThat(t.message()).isEqualTo(new Ticker.Tick());
                assertThat(t.delay()).isEqualTo(Duration.ofSeconds(5));
            });

            PendingReply<Integer> next = ticker.callDeferred(new Ticker.NextTick()); // kept for later
            assertThat(next.isReplied()).isFalse();

            ticker.advance(Duration.ofSeconds(5)); // the timer fires; handleInfo replies to the waiter
            assertThat(next.expectReply()).isEqualTo(1);
            assertThat(ticker.newEffects())
                    .startsWith(new InfoHandled(new Ticker.Tick()), new Replied(new Ticker.NextTick(), 1, true));
            assertThat(ticker.call(new Ticker.Ticks())).isEqualTo(1);
        }
        // @end
    }
}
