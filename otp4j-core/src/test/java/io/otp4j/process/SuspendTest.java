package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code suspend}/{@code resume}: a suspended process takes no message, but exit signals reach it. */
class SuspendTest {

    /** What the forwarder handled, and whether it was suspended as it did: it must never be. */
    record Handled(Object message, boolean whileSuspended) {}

    /** A process that forwards everything it receives to {@code to}, noting its own status as it does. */
    private static Pid forwarder(Node node, Pid to) {
        return node.spawn(self -> {
            while (true) {
                Object message = self.receive();
                boolean suspended = self.node().info(self.self()).orElseThrow().status() == ProcessStatus.SUSPENDED;
                self.send(to, new Handled(message, suspended));
            }
        });
    }

    private static Handled handled(Object message) {
        return new Handled(message, false);
    }

    private static ProcessInfo info(Node node, Pid pid) {
        return node.info(pid).orElseThrow(() -> new AssertionError(pid + " is not alive"));
    }

    @Test
    void messagesQueueWhileSuspendedAndAreHandledInOrderAfterResume() {
        try (Node node = Node.start("suspend")) {
            Probe probe = Probe.spawn(node);
            Pid pid = forwarder(node, probe.pid());
            node.send(pid, "before");
            assertThat(probe.next()).isEqualTo(handled("before"));
            Probe.await("the forwarder waits", () -> info(node, pid).status() == ProcessStatus.WAITING);

            node.suspend(pid);
            node.send(pid, 1);
            node.send(pid, 2);
            node.send(pid, 3);

            // Each message wakes the process, which must go straight back to waiting for its resume.
            Probe.await("the three are queued", () -> info(node, pid).mailboxLength() == 3);
            ProcessInfo held = info(node, pid);
            assertThat(held.status()).isEqualTo(ProcessStatus.SUSPENDED);
            assertThat(held.messagesHandled()).isEqualTo(1);
            assertThat(probe.drain()).isEmpty();

            assertThat(node.resume(pid)).isTrue();
            assertThat(List.of(probe.next(), probe.next(), probe.next()))
                    .containsExactly(handled(1), handled(2), handled(3));
            assertThat(node.resume(pid)).isFalse();
        }
    }

    @Test
    void suspendsNestAndNeedAsManyResumes() {
        try (Node node = Node.start("suspend-nest")) {
            Probe probe = Probe.spawn(node);
            Pid pid = forwarder(node, probe.pid());
            node.suspend(pid);
            node.suspend(pid);
            node.send(pid, "held");

            assertThat(node.resume(pid)).isTrue();
            assertThat(info(node, pid).status()).isEqualTo(ProcessStatus.SUSPENDED);
            Probe.await("the message is queued", () -> info(node, pid).mailboxLength() == 1);
            assertThat(probe.drain()).isEmpty();

            assertThat(node.resume(pid)).isTrue();
            assertThat(probe.next()).isEqualTo(handled("held"));
            assertThat(node.resume(pid)).isFalse();
        }
    }

    @Test
    void killStillWorksWhileSuspended() {
        try (Node node = Node.start("suspend-kill")) {
            Probe watcher = Probe.spawn(node);
            Probe victim = Probe.spawn(node, SpawnOptions.defaults().withTrapExits(true));
            node.suspend(victim.pid());
            MonitorRef ref = watcher.monitor(victim.pid());

            node.exit(victim.pid(), ExitReason.kill());

            assertThat(watcher.nextDown(ref).reason()).isEqualTo(ExitReason.killed());
        }
    }

    @Test
    void anExitSignalEndsASuspendedProcessButATrappedOneWaitsInTheQueue() {
        try (Node node = Node.start("suspend-exit")) {
            Probe watcher = Probe.spawn(node);
            Pid plain = node.spawn(self -> self.receive());
            Probe trapping = Probe.spawn(node, SpawnOptions.defaults().withTrapExits(true));
            node.suspend(plain);
            node.suspend(trapping.pid());
            MonitorRef onPlain = watcher.monitor(plain);

            node.exit(plain, ExitReason.custom("stop"));
            node.exit(trapping.pid(), ExitReason.custom("stop"));

            assertThat(watcher.nextDown(onPlain).reason()).isEqualTo(ExitReason.custom("stop"));
            Probe.await("the Exit is queued", () -> info(node, trapping.pid()).mailboxLength() == 1);
            assertThat(node.resume(trapping.pid())).isTrue();
            assertThat(trapping.next()).isEqualTo(new Exit(node.pid(), ExitReason.custom("stop")));
        }
    }

    @Test
    void suspendAndResumeOfADeadProcess() {
        try (Node node = Node.start("suspend-dead")) {
            Probe watcher = Probe.spawn(node);
            Pid dead = node.spawn(self -> {});
            watcher.awaitExit(dead);
            assertThatThrownBy(() -> node.suspend(dead))
                    .isInstanceOfSatisfying(
                            NoProcException.class, e -> assertThat(e.pid()).isEqualTo(dead));
            assertThat(node.resume(dead)).isFalse();
        }
    }
}
