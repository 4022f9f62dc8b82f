package io.otp4j.genserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Eventually;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The package documentation's Counter, run as written (the class is {@link Counter}, shown in the docs). */
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
            assertThat(counter.isRunning()).isFalse();
        }
    }

    @Test
    void lookupsBoundAndByName() {
        try (Node node = Node.start("counter-lookups")) {
            assertThat(Counter.whereis(node, "counter")).isEmpty();
            Counter first = Counter.start(node, 1, "counter");
            Counter bound = Counter.whereis(node, "counter").orElseThrow();
            Counter byName = Counter.named(node, "counter");
            assertThat(bound.get()).isEqualTo(1);
            assertThat(byName.get()).isEqualTo(1);

            // A process that runs another server under the name is not found: the type is checked.
            first.stop();
            Pid other = node.spawn(self -> {
                self.register("counter");
                self.receive();
            });
            Eventually.until(() -> node.whereis("counter").equals(Optional.of(other)), "the other process named");
            assertThat(Counter.whereis(node, "counter")).isEmpty();
            assertThatThrownBy(byName::get).isInstanceOf(ServerNotFoundException.class);
            node.send("counter", "done");
            Eventually.until(() -> node.whereis("counter").isEmpty(), "the name freed");

            // A new counter under the name: the reference by name reaches it, the bound one does not.
            Counter.start(node, 7, "counter");
            assertThat(byName.get()).isEqualTo(7);
            assertThatThrownBy(bound::get)
                    .isInstanceOf(ServerExitedException.class)
                    .satisfies(e ->
                            assertThat(((ServerExitedException) e).reason()).isEqualTo(ExitReason.noproc()));
        }
    }
}
