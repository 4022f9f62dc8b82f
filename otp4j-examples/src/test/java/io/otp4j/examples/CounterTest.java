package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import org.junit.jupiter.api.Test;

class CounterTest {

    @Test
    void aCallAfterCastsSeesThem() {
        try (Node node = Node.start("counter")) {
            Counter counter = Counter.start(node, 10);
            counter.add(5); // casts return at once
            counter.add(-2);
            assertThat(counter.increment(1)).isEqualTo(14); // one mailbox, in order: the casts came first
            counter.reset();
            assertThat(counter.get()).isZero();
            counter.stop();
            assertThat(counter.ref().isAlive()).isFalse();
        }
    }

    @Test
    void aNamedCounterIsFoundByName() {
        try (Node node = Node.start("counter")) {
            Counter.start(node, 7, StartOptions.defaults().withName("hits"));
            assertThat(Counter.whereis(node, "hits").orElseThrow().increment(3)).isEqualTo(10);
            assertThat(Counter.whereis(node, "misses")).isEmpty();
        }
    }
}
