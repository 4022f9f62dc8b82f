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

    @Test
    void aLiveProcessKnowsItsNodeAndADeadOneNothing() {
        try (Node node = Node.start("node-of")) {
            Probe probe = Probe.spawn(node);
            assertThat(ENGINE.nodeOf(probe.pid())).containsSame(node);
            assertThat(ENGINE.nodeOf(node.pid()))
                    .as("the node's own pseudo-pid is no process")
                    .isEmpty();
            node.exit(probe.pid(), ExitReason.kill());
            io.otp4j.testing.Within.eventually("the probe has exited", () -> !node.isAlive(probe.pid()));
            assertThat(ENGINE.nodeOf(probe.pid())).isEmpty();
        }
    }

    @Test
    void aServiceSlotIsPerNodeAndGoesWithTheNode() {
        Node one = Node.start("slots-1");
        try (Node two = Node.start("slots-2")) {
            StringBuilder first =
                    ENGINE.service(one, StringBuilder.class, old -> old != null ? old : new StringBuilder("a"));
            assertThat(ENGINE.service(one, StringBuilder.class, old -> old != null ? old : new StringBuilder("b")))
                    .isSameAs(first);
            assertThat(ENGINE.service(two, StringBuilder.class))
                    .as("another node's slot")
                    .isEmpty();
            ENGINE.removeService(one, StringBuilder.class, new StringBuilder("a"));
            assertThat(ENGINE.service(one, StringBuilder.class))
                    .as("only the value held is removed")
                    .containsSame(first);
            one.close();
            assertThat(ENGINE.service(one, StringBuilder.class))
                    .as("a closed node keeps no services")
                    .isEmpty();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> ENGINE.service(one, StringBuilder.class, old -> new StringBuilder()))
                    .isInstanceOf(NodeClosedException.class);
        } finally {
            one.close();
        }
    }
}
