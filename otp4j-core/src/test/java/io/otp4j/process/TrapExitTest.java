package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Trapping exits: exit signals become {@link Exit} messages instead of ending the process. */
class TrapExitTest {

    record Go() {}

    @Test
    void aLinkedCrashArrivesAsAnExitMessage() {
        try (Node node = Node.start("trap-crash")) {
            Probe probe = Probe.spawn(node, SpawnOptions.defaults().withTrapExits(true));
            IllegalStateException failure = new IllegalStateException("child failed");
            Pid child = probe.call(self -> self.spawnLink(c -> {
                c.receive(Go.class);
                throw failure;
            }));

            node.send(child, new Go());

            assertThat(probe.next()).isEqualTo(new Exit(child, ExitReason.crash(failure)));
            assertThat(node.isAlive(probe.pid())).isTrue();
            assertThat(node.info(probe.pid()).orElseThrow().links()).isEmpty();
        }
    }

    @Test
    void aLinkedNormalExitArrivesAsAnExitMessageToo() {
        try (Node node = Node.start("trap-normal-link")) {
            Probe probe = Probe.spawn(node, SpawnOptions.defaults().withTrapExits(true));
            Pid child = probe.call(self -> self.spawnLink(c -> c.receive(Go.class)));

            node.send(child, new Go());

            assertThat(probe.next()).isEqualTo(new Exit(child, ExitReason.normal()));
        }
    }

    @Test
    void anExitSignalWithACustomReasonArrivesFromItsSender() {
        try (Node node = Node.start("trap-custom")) {
            Probe probe = Probe.spawn(node, SpawnOptions.defaults().withTrapExits(true));
            Pid sender = node.spawn(self -> self.exit(probe.pid(), ExitReason.custom("please stop")));

            assertThat(probe.next()).isEqualTo(new Exit(sender, ExitReason.custom("please stop")));

            node.exit(probe.pid(), ExitReason.shutdown("detail"));
            assertThat(probe.next()).isEqualTo(new Exit(node.pid(), ExitReason.shutdown("detail")));
            assertThat(node.isAlive(probe.pid())).isTrue();
        }
    }

    @Test
    void anExitSignalNormalIsIgnoredByAProcessThatDoesNotTrapExits() {
        try (Node node = Node.start("exit-normal")) {
            Probe probe = Probe.spawn(node);
            node.spawn(self -> {
                self.exit(probe.pid(), ExitReason.normal());
                self.send(probe.pid(), "signal sent");
            });

            assertThat(probe.next()).isEqualTo("signal sent");
            node.exit(probe.pid(), ExitReason.normal());
            // A signal takes effect as it is sent: had either one ended the probe, it would be dead by now.
            assertThat(node.isAlive(probe.pid())).isTrue();
            assertThat(probe.drain()).isEmpty();
        }
    }

    @Test
    void anExitSignalNormalReachesATrappingProcessAsAMessage() {
        try (Node node = Node.start("exit-normal-trap")) {
            Probe probe = Probe.spawn(node, SpawnOptions.defaults().withTrapExits(true));
            node.exit(probe.pid(), ExitReason.normal());
            assertThat(probe.next()).isEqualTo(new Exit(node.pid(), ExitReason.normal()));
        }
    }

    @Test
    void exitSelfNormalEndsTheCaller() {
        try (Node node = Node.start("exit-self-normal")) {
            Probe probe = Probe.spawn(node);
            CompletableFuture<Boolean> carriedOn = new CompletableFuture<>();
            SpawnedMonitor spawned = probe.call(self -> self.spawnMonitor(p -> {
                p.exit(p.self(), ExitReason.normal());
                carriedOn.complete(true);
            }));

            assertThat(probe.nextDown(spawned.ref()).reason()).isEqualTo(ExitReason.normal());
            assertThat(carriedOn).isNotDone();
        }
    }

    @Test
    void exitSelfWithAReasonWhileTrappingIsAMessageToSelf() {
        try (Node node = Node.start("exit-self-trap")) {
            CompletableFuture<Exit> got = new CompletableFuture<>();
            Pid pid = node.spawn(SpawnOptions.defaults().withTrapExits(true), self -> {
                self.exit(self.self(), ExitReason.custom("to myself"));
                got.complete(self.receive(Exit.class));
            });
            assertThat(Probe.get(got)).isEqualTo(new Exit(pid, ExitReason.custom("to myself")));
        }
    }

    @Test
    void trapExitsReturnsThePreviousSetting() {
        try (Node node = Node.start("trap-flag")) {
            Probe probe = Probe.spawn(node);
            List<Boolean> seen = probe.call(self -> List.of(
                    self.trapsExits(),
                    self.trapExits(true),
                    self.trapExits(true),
                    self.trapsExits(),
                    self.trapExits(false),
                    self.trapsExits()));
            assertThat(seen).containsExactly(false, false, true, true, true, false);
        }
    }

    @Test
    void stoppingTrappingMakesTheNextSignalKill() {
        try (Node node = Node.start("trap-off")) {
            Probe watcher = Probe.spawn(node);
            Probe probe = Probe.spawn(node, SpawnOptions.defaults().withTrapExits(true));
            node.exit(probe.pid(), ExitReason.custom("first"));
            assertThat(probe.next()).isEqualTo(new Exit(node.pid(), ExitReason.custom("first")));
            assertThat(probe.<Boolean>call(self -> self.trapExits(false))).isTrue();
            MonitorRef ref = watcher.monitor(probe.pid());

            node.exit(probe.pid(), ExitReason.custom("second"));

            assertThat(watcher.nextDown(ref).reason()).isEqualTo(ExitReason.custom("second"));
        }
    }

    @Test
    void spawnOptionTrapsExitsBeforeTheFirstInstruction() {
        try (Node node = Node.start("trap-option")) {
            CountDownLatch signalled = new CountDownLatch(1);
            CompletableFuture<Boolean> trappingAtStart = new CompletableFuture<>();
            CompletableFuture<Exit> got = new CompletableFuture<>();
            Pid pid = node.spawn(SpawnOptions.defaults().withTrapExits(true), self -> {
                trappingAtStart.complete(self.trapsExits());
                Probe.await(signalled);
                got.complete(self.receive(Exit.class));
            });
            // Sent at once: it may reach the process before its body has run a single line.
            node.exit(pid, ExitReason.custom("early"));
            assertThat(node.info(pid))
                    .hasValueSatisfying(info -> assertThat(info.trapExits()).isTrue());
            signalled.countDown();

            assertThat(Probe.get(trappingAtStart)).isTrue();
            assertThat(Probe.get(got)).isEqualTo(new Exit(node.pid(), ExitReason.custom("early")));
        }
    }

    @Test
    void catchingTheExitSignalDoesNotStopTheExit() {
        try (Node node = Node.start("swallow")) {
            Probe probe = Probe.spawn(node);
            CompletableFuture<Throwable> caught = new CompletableFuture<>();
            CompletableFuture<Void> running = new CompletableFuture<>();
            SpawnedMonitor spawned = probe.call(self -> self.spawnMonitor(p -> {
                running.complete(null);
                try {
                    p.receive();
                } catch (Throwable t) { // deliberately too broad: user code does this
                    caught.complete(t);
                }
                // Returning "normally" must not turn the exit into a normal one.
            }));

            // A process killed before its body runs never runs it (as in OTP): the signal must find it running.
            Probe.get(running);
            node.exit(spawned.pid(), ExitReason.custom("stop"));

            assertThat(probe.nextDown(spawned.ref()).reason()).isEqualTo(ExitReason.custom("stop"));
            assertThat(Probe.get(caught)).isInstanceOf(Error.class);
        }
    }
}
