package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Node;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RingTest {

    @Test
    void theTokenMakesEveryHopAndTheRingStops() throws Exception {
        try (Node node = Node.start("ring-test")) {
            try (Ring ring = Ring.start(node, 100)) {
                assertThat(ring.members()).hasSize(100).doesNotHaveDuplicates();
                assertThat(node.processCount()).isEqualTo(100);
                Duration took = ring.pass(10_000, Duration.ofSeconds(30));
                assertThat(took).isPositive();
                // The token came to rest: every member is waiting again.
                assertThat(ring.pass(1, Duration.ofSeconds(30))).isPositive();
            }
        }
    }

    @Test
    void aRingNeedsTwoProcesses() {
        try (Node node = Node.start("ring-test")) {
            assertThatThrownBy(() -> Ring.start(node, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 2");
        }
    }
}
