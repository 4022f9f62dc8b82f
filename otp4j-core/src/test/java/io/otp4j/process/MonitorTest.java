package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Monitors: one {@link Down} per monitor, carrying the real exit reason. */
class MonitorTest {

    record Go() {}

    /** Spawns a process that waits for {@link Go}, then ends as {@code ending} says. */
    private static Pid waitThen(Node node, ProcessBody ending) {
        return node.spawn(self -> {
            self.receive(Go.class);
            ending.run(self);
        });
    }

    @Test
    void downCarriesNormal() {
        try (Node node = Node.start("down-normal")) {
            Probe probe = Probe.spawn(node);
            Pid target = waitThen(node, self -> {});
            MonitorRef ref = probe.monitor(target);
            node.send(target, new Go());
            assertThat(probe.next()).isEqualTo(new Down(ref, target, ExitReason.normal()));
            assertThat(ref.target()).isEqualTo(target);
        }
    }

    @Test
    void downCarriesTheCrash() {
        try (Node node = Node.start("down-crash")) {
            Probe probe = Probe.spawn(node);
            ArithmeticException failure = new ArithmeticException("/ by zero");
            Pid target = waitThen(node, self -> {
                throw failure;
            });
            MonitorRef ref = probe.monitor(target);
            node.send(target, new Go());
            Down down = probe.nextDown(ref);
            assertThat(down.pid()).isEqualTo(target);
            assertThat(down.reason())
                    .isInstanceOfSatisfying(
                            ExitReason.Crash.class,
                            crash -> assertThat(crash.cause()).isSameAs(failure));
        }
    }

    @Test
    void downCarriesACustomReason() {
        try (Node node = Node.start("down-custom")) {
            Probe probe = Probe.spawn(node);
            Pid target = waitThen(node, self -> self.exit(ExitReason.custom(List.of("bad", 7))));
            MonitorRef ref = probe.monitor(target);
            node.send(target, new Go());
            assertThat(probe.next()).isEqualTo(new Down(ref, target, ExitReason.custom(List.of("bad", 7))));
        }
    }

    @Test
    void downCarriesKilled() {
        try (Node node = Node.start("down-killed")) {
            Probe probe = Probe.spawn(node);
            Pid target = node.spawn(self -> self.receive());
            MonitorRef ref = probe.monitor(target);
            node.exit(target, ExitReason.kill());
            assertThat(probe.next()).isEqualTo(new Down(ref, target, ExitReason.killed()));
        }
    }

    @Test
    void monitoringADeadProcessDeliversDownNoprocAtOnce() {
        try (Node node = Node.start("down-noproc")) {
            Probe probe = Probe.spawn(node);
            Pid dead = node.spawn(self -> {});
            probe.awaitExit(dead);

            // Looked for with a zero timeout, right after monitor returns: "at once" means already there.
            Optional<Object> immediately = probe.call(self -> {
                MonitorRef ref = self.monitor(dead);
                Optional<Object> down = self.receive(Duration.ZERO);
                return down.map(d -> d.equals(new Down(ref, dead, ExitReason.noproc())) ? "the Down" : d);
            });
            assertThat(immediately).contains("the Down");
        }
    }

    @Test
    void eachMonitorDeliversItsOwnDownAndOnlyOne() {
        try (Node node = Node.start("down-twice")) {
            Probe probe = Probe.spawn(node);
            Pid target = node.spawn(self -> self.receive());
            MonitorRef first = probe.monitor(target);
            MonitorRef second = probe.monitor(target);
            assertThat(first).isNotEqualTo(second);

            node.exit(target, ExitReason.custom("x"));

            assertThat(probe.nextDowns(first, second)).containsValues(ExitReason.custom("x"));
            Probe.await("the target is gone", () -> !node.processes().contains(target));
            assertThat(probe.drain()).isEmpty();
        }
    }

    @Test
    void demonitorBeforeTheExitMeansNoDown() {
        try (Node node = Node.start("demonitor")) {
            Probe probe = Probe.spawn(node);
            Pid target = node.spawn(self -> self.receive());
            MonitorRef removed = probe.monitor(target);
            assertThat(probe.<Boolean>call(self -> self.demonitor(removed))).isTrue();
            assertThat(node.info(target).orElseThrow().monitoredBy()).isEmpty();
            MonitorRef barrier = probe.monitor(target);

            node.exit(target, ExitReason.custom("x"));

            assertThat(probe.nextDown(barrier).reason()).isEqualTo(ExitReason.custom("x"));
            // Every Down of the target has been sent once it has left the node.
            Probe.await("the target is gone", () -> !node.processes().contains(target));
            assertThat(probe.drain()).isEmpty();
        }
    }

    @Test
    void demonitorWithFlushRemovesADownAlreadyInTheMailbox() {
        try (Node node = Node.start("demonitor-flush")) {
            Pid target = node.spawn(self -> self.receive());
            CompletableFuture<List<MonitorRef>> refs = new CompletableFuture<>();
            CountDownLatch downsQueued = new CountDownLatch(1);
            CompletableFuture<List<Object>> outcome = new CompletableFuture<>();
            Pid watcher = node.spawn(self -> {
                MonitorRef flushed = self.monitor(target);
                MonitorRef kept = self.monitor(target);
                refs.complete(List.of(flushed, kept));
                downsQueued.await(); // not receiving: both Downs stay in the mailbox
                boolean wasActive = self.demonitor(flushed, true);
                outcome.complete(List.of(wasActive, self.receive(Duration.ZERO), self.receive(Duration.ZERO)));
            });
            List<MonitorRef> both = Probe.get(refs);

            node.exit(target, ExitReason.custom("x"));
            Probe.await(
                    "both Downs are in the watcher's mailbox",
                    () -> node.info(watcher).map(i -> i.mailboxLength() == 2).orElse(false));
            downsQueued.countDown();

            assertThat(Probe.get(outcome))
                    .containsExactly(
                            false, // the Down was already sent
                            Optional.of(new Down(both.get(1), target, ExitReason.custom("x"))),
                            Optional.empty());
        }
    }

    @Test
    void noDownArrivesOnceDemonitorWithFlushHasReturned() {
        // The race this checks: the target exits while the watcher demonitors. Whichever wins, once demonitor(ref,
        // flush) returns, no Down of that monitor may be in the mailbox or arrive later.
        try (Node node = Node.start("demonitor-race")) {
            CompletableFuture<List<Object>> leftovers = new CompletableFuture<>();
            node.spawn(self -> {
                List<Object> seen = new ArrayList<>();
                for (int i = 0; i < 5_000; i++) {
                    // The child answers and exits; the parent takes the answer and demonitors while the child's
                    // exit is under way, as a task's owner does.
                    Pid parent = self.self();
                    SpawnedMonitor child = self.spawnMonitor(c -> c.send(parent, "answer"));
                    self.receive(m -> m.equals("answer"));
                    self.demonitor(child.ref(), true);
                    while (node.processes().contains(child.pid())) {
                        Thread.yield(); // until every Down of the child has been sent
                    }
                    self.receive(Duration.ZERO).ifPresent(seen::add);
                }
                leftovers.complete(seen);
            });
            assertThat(Probe.get(leftovers)).isEmpty();
        }
    }

    @Test
    void demonitorWithFlushLeavesOtherMessagesInOrder() {
        try (Node node = Node.start("demonitor-flush-order")) {
            Probe probe = Probe.spawn(node);
            Pid dead = node.spawn(self -> {});
            probe.awaitExit(dead);
            List<Object> rest = probe.call(self -> {
                self.send(self.self(), "before");
                MonitorRef ref = self.monitor(dead); // Down noproc, queued at once
                self.send(self.self(), "after");
                self.demonitor(ref, true);
                return List.of(self.receive(Duration.ZERO), self.receive(Duration.ZERO), self.receive(Duration.ZERO));
            });
            assertThat(rest).containsExactly(Optional.of("before"), Optional.of("after"), Optional.empty());
        }
    }

    @Test
    void demonitorReturnsFalseOnceTheDownWasSent() {
        try (Node node = Node.start("demonitor-late")) {
            Probe probe = Probe.spawn(node);
            Pid target = node.spawn(self -> self.receive());
            MonitorRef ref = probe.monitor(target);
            node.exit(target, ExitReason.kill());
            probe.nextDown(ref);
            assertThat(probe.<Boolean>call(self -> self.demonitor(ref))).isFalse();
            assertThat(probe.<Boolean>call(self -> self.demonitor(ref, true))).isFalse();
        }
    }

    @Test
    void spawnMonitorMonitorsBeforeTheChildRuns() {
        try (Node node = Node.start("spawn-monitor")) {
            Probe probe = Probe.spawn(node);
            for (int i = 0; i < 50; i++) {
                CompletableFuture<List<Pid>> watchersAtStart = new CompletableFuture<>();
                IllegalStateException failure = new IllegalStateException("child " + i);
                SpawnedMonitor spawned = probe.call(self -> self.spawnMonitor(c -> {
                    watchersAtStart.complete(
                            c.node().info(c.self()).orElseThrow().monitoredBy());
                    throw failure;
                }));

                assertThat(probe.next()).isEqualTo(new Down(spawned.ref(), spawned.pid(), ExitReason.crash(failure)));
                assertThat(Probe.get(watchersAtStart)).containsExactly(probe.pid());
                assertThat(spawned.ref().target()).isEqualTo(spawned.pid());
            }
        }
    }

    @Test
    void aMonitorIsOneWayTheWatchersDeathLeavesTheTargetAlone() {
        try (Node node = Node.start("monitor-one-way")) {
            Probe observer = Probe.spawn(node);
            Pid target = node.spawn(self -> self.receive());
            Probe watcher = Probe.spawn(node);
            watcher.monitor(target);
            assertThat(node.info(target).orElseThrow().monitoredBy()).containsExactly(watcher.pid());
            MonitorRef onWatcher = observer.monitor(watcher.pid());

            node.exit(watcher.pid(), ExitReason.custom("watcher dies"));

            assertThat(observer.nextDown(onWatcher).reason()).isEqualTo(ExitReason.custom("watcher dies"));
            assertThat(node.isAlive(target)).isTrue();
            Probe.await(
                    "the dead watcher's monitor is gone",
                    () -> node.info(target).orElseThrow().monitoredBy().isEmpty());
        }
    }
}
