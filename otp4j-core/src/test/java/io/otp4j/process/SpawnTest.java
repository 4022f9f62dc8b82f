package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Spawning: pids, a body's return, and sending to the dead. */
class SpawnTest {

    @Test
    void eachSpawnGetsItsOwnPidWhichTheBodySeesAsSelf() {
        try (Node node = Node.start("spawn")) {
            Set<Pid> pids = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                CompletableFuture<Pid> self = new CompletableFuture<>();
                Pid pid = node.spawn(p -> self.complete(p.self()));
                assertThat(Probe.get(self)).isEqualTo(pid);
                assertThat(pid.node()).isEqualTo("spawn");
                assertThat(pids.add(pid)).as("new pid %s", pid).isTrue();
            }
        }
    }

    @Test
    void pidsOfDifferentNodesDifferEvenWithTheSameNameAndNumber() {
        try (Node one = Node.start("twin");
                Node two = Node.start("twin")) {
            Pid a = one.spawn(self -> {});
            Pid b = two.spawn(self -> {});
            assertThat(a.id()).isEqualTo(b.id());
            assertThat(a.toString()).isEqualTo(b.toString());
            assertThat(a).isNotEqualTo(b);
            assertThat(a.compareTo(b)).isNotZero();
        }
    }

    @Test
    void aBodyThatReturnsEndsNormally() {
        try (Node node = Node.start("spawn-return")) {
            Probe watcher = Probe.spawn(node);
            SpawnedMonitor spawned = watcher.call(self -> self.spawnMonitor(p -> {}));
            assertThat(watcher.nextDown(spawned.ref()).reason()).isEqualTo(ExitReason.normal());
            assertThat(node.isAlive(spawned.pid())).isFalse();
        }
    }

    @Test
    void sendingToADeadProcessIsNotAnError() {
        try (Node node = Node.start("spawn-dead")) {
            Probe watcher = Probe.spawn(node);
            Pid dead = node.spawn(self -> {});
            watcher.awaitExit(dead);
            assertThat(node.send(dead, "hello?")).isEqualTo(Delivery.NO_PROCESS);
            assertThat(watcher.<Delivery>call(self -> self.send(dead, "hello?")))
                    .isEqualTo(Delivery.NO_PROCESS);
            node.exit(dead, ExitReason.kill()); // a signal to the dead is a no-op, too
        }
    }

    @Test
    void aProcessSpawnsProcessesThatOutliveIt() {
        try (Node node = Node.start("spawn-nested")) {
            Probe probe = Probe.spawn(node);
            CompletableFuture<Pid> child = new CompletableFuture<>();
            Pid parent = node.spawn(self -> child.complete(self.spawn(c -> {
                Object m = c.receive();
                c.send(probe.pid(), List.of("child got", m));
            })));
            probe.awaitExit(parent);
            // Spawn is not spawnLink: the parent's exit leaves the child alone.
            node.send(Probe.get(child), "ping");
            assertThat(probe.next()).isEqualTo(List.of("child got", "ping"));
        }
    }

    @Test
    void theMailboxChosenAtSpawnIsReported() {
        try (Node node = Node.start("spawn-mailbox")) {
            MailboxConfig bounded = MailboxConfig.bounded(8, OverflowPolicy.DROP_NEWEST);
            Pid pid = node.spawn(SpawnOptions.defaults().withMailbox(bounded), self -> self.receive());
            assertThat(node.info(pid).orElseThrow().mailbox()).isEqualTo(bounded);
        }
    }
}
