package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.spi.Engine;
import org.junit.jupiter.api.Test;

/** The engine otp4j's own modules use: which process, if any, runs the calling code. */
class EngineTest {

    private static final Engine ENGINE = Engine.get();

    @Test
    void aProcessIsItselfAndNoOtherOne() {
        try (Node node = Node.start("self")) {
            Probe one = Probe.spawn(node);
            Probe two = Probe.spawn(node);
            assertThat(one.<Boolean>call(self -> ENGINE.isSelf(self.self()))).isTrue();
            assertThat(one.<Boolean>call(self -> ENGINE.isSelf(two.pid()))).isFalse();
            assertThat(ENGINE.isSelf(one.pid()))
                    .as("the test's thread is no process")
                    .isFalse();
            assertThat(ENGINE.isSelf(node.pid())).isFalse();
            assertThat(two.<java.util.Optional<Pid>>call(self -> ENGINE.pidOf(node, Thread.currentThread())))
                    .contains(two.pid());
            assertThat(ENGINE.pidOf(node, Thread.currentThread())).isEmpty();
        }
    }
}
