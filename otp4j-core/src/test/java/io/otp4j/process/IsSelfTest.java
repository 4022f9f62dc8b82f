package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Node#isSelf} and {@link Node#pidOf}: which process, if any, runs the calling code. */
class IsSelfTest {

    @Test
    void aProcessIsItselfAndNoOtherOne() {
        try (Node node = Node.start("self")) {
            Probe one = Probe.spawn(node);
            Probe two = Probe.spawn(node);
            assertThat(one.<Boolean>call(self -> node.isSelf(self.self()))).isTrue();
            assertThat(one.<Boolean>call(self -> node.isSelf(two.pid()))).isFalse();
            assertThat(node.isSelf(one.pid()))
                    .as("the test's thread is no process")
                    .isFalse();
            assertThat(node.isSelf(node.pid())).isFalse();
            assertThat(two.<java.util.Optional<Pid>>call(self -> node.pidOf(Thread.currentThread())))
                    .contains(two.pid());
            assertThat(node.pidOf(Thread.currentThread())).isEmpty();
        }
    }
}
