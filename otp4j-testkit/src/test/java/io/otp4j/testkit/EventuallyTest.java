package io.otp4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Eventually: returns as soon as the condition holds, fails naming it when it never does. */
class EventuallyTest {

    @Test
    void returnsTheValueOnceTheProbeFindsIt() {
        AtomicInteger asked = new AtomicInteger();
        String found = Eventually.get(
                () -> asked.incrementAndGet() < 3 ? Optional.empty() : Optional.of("third time"), "the third ask");
        assertThat(found).isEqualTo("third time");
        assertThat(asked).hasValue(3);
    }

    @Test
    void failsAfterItsLimitNamingWhatItWaitedFor() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Eventually.until(Duration.ofMillis(30), () -> false, "the moon"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("not within PT0.03S: the moon");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
    }

    @Test
    void refusesANegativeLimit() {
        assertThatThrownBy(() -> Eventually.until(Duration.ofSeconds(-1), () -> true, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }
}
