package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.testing.LogCapture;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Links: exit signals travel both ways, abnormal ones kill, normal ones do not. */
class LinkTest {

    record Go() {}

    record Ping(Pid from) {}

    record Pong(Pid from) {}

    /** A process that answers every Ping with a Pong, forever. */
    static void ponger(ProcessContext self) {
        while (true) {
            if (self.receive() instanceof Ping(Pid from)) {
                self.send(from, new Pong(self.self()));
            }
        }
    }

    @Test
    void anAbnormalExitKillsTheLinkedProcessWithTheSameReason() {
        try (Node node = Node.start("link-abnormal")) {
            Probe probe = Probe.spawn(node);
            Pid a = node.spawn(self -> self.receive());
            CountDownLatch linked = new CountDownLatch(1);
            Pid b = node.spawn(self -> {
                self.link(a);
                linked.countDown();
                self.receive(Go.class);
                self.exit(ExitReason.custom("boom"));
            });
            Probe.await(linked);
            MonitorRef onA = probe.monitor(a);
            MonitorRef onB = probe.monitor(b);

            node.send(b, new Go());

            assertThat(probe.nextDowns(onA, onB))
                    .containsEntry(onB, ExitReason.custom("boom"))
                    .containsEntry(onA, ExitReason.custom("boom"));
        }
    }

    @Test
    void aCrashTravelsAlongAChainOfLinks() {
        try (Node node = Node.start("link-chain")) {
            Probe probe = Probe.spawn(node);
            CountDownLatch linked = new CountDownLatch(2);
            Pid a = node.spawn(self -> self.receive());
            Pid b = node.spawn(self -> {
                self.link(a);
                linked.countDown();
                self.receive();
            });
            IllegalStateException failure = new IllegalStateException("c failed");
            Pid c = node.spawn(self -> {
                self.link(b);
                linked.countDown();
                self.receive(Go.class);
                throw failure;
            });
            Probe.await(linked);
            MonitorRef onA = probe.monitor(a);
            MonitorRef onB = probe.monitor(b);
            MonitorRef onC = probe.monitor(c);

            node.send(c, new Go());

            // Each hop passes the reason on unchanged: A dies of C's crash, not of "B died".
            ExitReason expected = ExitReason.crash(failure);
            assertThat(probe.nextDowns(onA, onB, onC))
                    .containsEntry(onC, expected)
                    .containsEntry(onB, expected)
                    .containsEntry(onA, expected);
        }
    }

    @Test
    void aNormalExitDoesNotKillALinkedProcessThatDoesNotTrapExits() {
        try (Node node = Node.start("link-normal")) {
            Probe probe = Probe.spawn(node);
            Pid survivor = node.spawn(LinkTest::ponger);
            Pid finisher = node.spawn(self -> {
                self.link(survivor);
                self.receive(Go.class);
            });
            MonitorRef onFinisher = probe.monitor(finisher);

            node.send(finisher, new Go());

            assertThat(probe.nextDown(onFinisher).reason()).isEqualTo(ExitReason.normal());
            // The exit signal went out before the Down: had it killed the survivor, it would be dead now.
            assertThat(node.isAlive(survivor)).isTrue();
            node.send(survivor, new Ping(probe.pid()));
            assertThat(probe.next(Pong.class).from()).isEqualTo(survivor);
            assertThat(node.info(survivor).orElseThrow().links()).isEmpty();
        }
    }

    @Test
    void spawnLinkLinksBeforeTheChildRunsItsFirstInstruction() {
        try (Node node = Node.start("spawn-link")) {
            for (int i = 0; i < 50; i++) {
                CompletableFuture<List<Pid>> childLinks = new CompletableFuture<>();
                CompletableFuture<Exit> parentSaw = new CompletableFuture<>();
                RuntimeException failure = new RuntimeException("child " + i);
                CompletableFuture<Pid> childPid = new CompletableFuture<>();
                node.spawn(SpawnOptions.defaults().withTrapExits(true), self -> {
                    Pid child = self.spawnLink(c -> {
                        childLinks.complete(
                                c.node().info(c.self()).orElseThrow().links());
                        throw failure;
                    });
                    childPid.complete(child);
                    parentSaw.complete(self.receive(Exit.class));
                });
                Exit exit = Probe.get(parentSaw);
                Pid child = Probe.get(childPid);
                assertThat(Probe.get(childLinks)).hasSize(1);
                // The crash reached the parent as a link exit, never as "noproc".
                assertThat(exit).isEqualTo(new Exit(child, ExitReason.crash(failure)));
            }
        }
    }

    @Test
    void spawnLinkMonitorSetsBothBeforeTheChildRuns() {
        try (LogCapture quiet = LogCapture.of("io.otp4j.process"); // the children's crash reports
                Node node = Node.start("spawn-link-monitor")) {
            for (int i = 0; i < 50; i++) {
                RuntimeException failure = new RuntimeException("child " + i);
                CompletableFuture<List<Object>> parentSaw = new CompletableFuture<>();
                node.spawn(SpawnOptions.defaults().withTrapExits(true), self -> {
                    SpawnedMonitor child = self.spawnLinkMonitor(c -> {
                        throw failure;
                    });
                    Exit exit = self.receive(Exit.class);
                    Down down = self.receive(Down.class);
                    parentSaw.complete(List.of(child, exit, down));
                });
                List<Object> saw = Probe.get(parentSaw);
                SpawnedMonitor child = (SpawnedMonitor) saw.get(0);
                // However soon the child crashed, both the link and the monitor carried the true reason.
                assertThat(saw.get(1)).isEqualTo(new Exit(child.pid(), ExitReason.crash(failure)));
                assertThat(saw.get(2)).isEqualTo(new Down(child.ref(), child.pid(), ExitReason.crash(failure)));
            }
        }
    }

    @Test
    void unlinkStopsPropagation() {
        try (Node node = Node.start("unlink")) {
            Probe probe = Probe.spawn(node);
            Pid victim = node.spawn(self -> self.receive());
            CountDownLatch unlinked = new CountDownLatch(1);
            Pid a = node.spawn(self -> {
                self.link(victim);
                self.unlink(victim);
                unlinked.countDown();
                ponger(self);
            });
            Probe.await(unlinked);
            assertThat(node.info(a).orElseThrow().links()).isEmpty();
            assertThat(node.info(victim).orElseThrow().links()).isEmpty();

            MonitorRef onVictim = probe.monitor(victim);
            node.exit(victim, ExitReason.custom("gone"));
            assertThat(probe.nextDown(onVictim).reason()).isEqualTo(ExitReason.custom("gone"));

            assertThat(node.isAlive(a)).isTrue();
            node.send(a, new Ping(probe.pid()));
            assertThat(probe.next(Pong.class).from()).isEqualTo(a);
        }
    }

    @Test
    void linkingToADeadProcessWhileTrappingExitsDeliversExitNoproc() {
        try (Node node = Node.start("link-dead-trap")) {
            Probe probe = Probe.spawn(node, SpawnOptions.defaults().withTrapExits(true));
            Pid dead = node.spawn(self -> {});
            probe.awaitExit(dead);

            probe.call(self -> {
                self.link(dead);
                return null;
            });

            assertThat(probe.next()).isEqualTo(new Exit(dead, ExitReason.noproc()));
            assertThat(node.info(probe.pid()).orElseThrow().links()).isEmpty();
        }
    }

    @Test
    void linkingToADeadProcessWithoutTrappingExitsThrowsNoProc() {
        try (Node node = Node.start("link-dead")) {
            Probe probe = Probe.spawn(node);
            Pid dead = node.spawn(self -> {});
            probe.awaitExit(dead);

            assertThatThrownBy(() -> probe.call(self -> {
                        self.link(dead);
                        return null;
                    }))
                    .isInstanceOfSatisfying(
                            NoProcException.class, e -> assertThat(e.pid()).isEqualTo(dead))
                    .hasMessageContaining(dead.toString());
            // The caller is not harmed: it does not trap exits, yet no exit signal came with the failure.
            assertThat(node.isAlive(probe.pid())).isTrue();
            assertThat(probe.drain()).isEmpty();
        }
    }

    @Test
    void linkingToSelfAndLinkingTwiceChangeNothing() {
        try (Node node = Node.start("link-self")) {
            Probe probe = Probe.spawn(node, SpawnOptions.defaults().withTrapExits(true));
            Pid other = node.spawn(self -> self.receive());

            probe.call(self -> {
                self.link(self.self());
                self.link(other);
                self.link(other);
                return null;
            });

            assertThat(node.info(probe.pid()).orElseThrow().links()).containsExactly(other);
            assertThat(node.info(other).orElseThrow().links()).containsExactly(probe.pid());
            // One link, so one exit signal; and none from the probe to itself.
            node.exit(other, ExitReason.custom("bye"));
            assertThat(probe.next()).isEqualTo(new Exit(other, ExitReason.custom("bye")));
            assertThat(probe.drain()).isEmpty();
        }
    }
}
