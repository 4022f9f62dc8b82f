package io.otp4j.genserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Node;
import org.junit.jupiter.api.Test;

/** The package documentation's Counter, run as written. */
class PackageExampleTest {

    @Test
    void counter() {
        try (Node node = Node.start("counter")) {
            Counter counter = Counter.start(node, 10);
            assertThat(counter.get()).isEqualTo(10);
            counter.add(5); // a cast: returns at once
            assertThat(counter.increment(1)).isEqualTo(16); // a call after casts sees them: one mailbox, in order
            counter.reset();
            assertThat(counter.get()).isZero();
            counter.stop();
            assertThat(counter.ref().isAlive()).isFalse();
        }
    }
}
