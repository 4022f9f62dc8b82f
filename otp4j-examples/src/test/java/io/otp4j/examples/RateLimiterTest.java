package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Node;
import io.otp4j.testkit.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void aBurstUpToCapacityThenOneTokenPerInterval() {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("limiter", clock)) {
            RateLimiter limiter = RateLimiter.start(node, 3, 2.0); // bursts of 3, then one every 500 ms
            assertThat(limiter.tryAcquire("ada")).isTrue();
            assertThat(limiter.tryAcquire("ada")).isTrue();
            assertThat(limiter.tryAcquire("ada")).isTrue();
            assertThat(limiter.tryAcquire("ada")).isFalse();
            clock.advance(Duration.ofMillis(499));
            assertThat(limiter.tryAcquire("ada")).isFalse();
            clock.advance(Duration.ofMillis(1));
            assertThat(limiter.tryAcquire("ada")).isTrue();
            assertThat(limiter.tryAcquire("ada")).isFalse();
        }
    }

    @Test
    void theDocsExampleServesTheBurstThenRefuses() {
        int served = 0;
        try (Node node = Node.start("limiter", new ManualClock())) {
            // @start region="use"
            RateLimiter limiter = RateLimiter.start(node, 10, 5.0); // bursts of 10, 5 a second after that
            for (int request = 0; request < 12; request++) { // 12 requests in the same instant: 10 are served
                if (limiter.tryAcquire("user-42")) {
                    served++; // serve the request
                }
            }
            // @end
        }
        assertThat(served).isEqualTo(10);
    }

    @Test
    void keysHaveTheirOwnBucketsAndBucketsRefillOnlyToCapacity() {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("limiter", clock)) {
            RateLimiter limiter = RateLimiter.start(node, 2, 1.0);
            assertThat(limiter.tryAcquire("a")).isTrue();
            assertThat(limiter.tryAcquire("a")).isTrue();
            assertThat(limiter.tryAcquire("a")).isFalse();
            assertThat(limiter.tryAcquire("b")).isTrue(); // b's bucket is full
            clock.advance(Duration.ofHours(1));
            assertThat(limiter.available("a")).isEqualTo(2.0);
        }
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        try (Node node = Node.start("limiter")) {
            assertThatThrownBy(() -> RateLimiter.start(node, 0, 1.0)).hasMessageContaining("capacity");
            assertThatThrownBy(() -> RateLimiter.start(node, 1, 0.0)).hasMessageContaining("perSecond");
            assertThatThrownBy(() -> RateLimiter.start(node, 1, Double.NaN)).hasMessageContaining("perSecond");
        }
    }
}
