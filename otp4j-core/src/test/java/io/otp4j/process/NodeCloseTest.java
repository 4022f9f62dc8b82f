package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.spi.Engine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Closing a node: every process gets the exit signal {@code shutdown}; the ones still alive after the grace
 * are killed. Processes on a second node watch the first, since the first node's own processes go too.
 */
class NodeCloseTest {

    @Test
    void aTrappingProcessReceivesShutdownFromTheNodeAndMayCleanUp() {
        try (Node observers = Node.start("close-observers")) {
            Probe watcher = Probe.spawn(observers);
            Node node = Node.start("close-trapping");
            CompletableFuture<Exit> got = new CompletableFuture<>();
            CountDownLatch trapping = new CountDownLatch(1);
            Pid pid = node.spawn(SpawnOptions.defaults().withTrapExits(true), self -> {
                trapping.countDown();
                Exit exit = self.receive(Exit.class);
                got.complete(exit);
                self.send(watcher.pid(), "cleaned up"); // still able to act
                self.exit(exit.reason());
            });
            Probe.await(trapping);
            MonitorRef ref = watcher.monitor(pid);

            long start = System.nanoTime();
            node.close(Duration.ofSeconds(30));

            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("close returns when the process has left, not after the grace")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(Probe.get(got)).isEqualTo(new Exit(node.pid(), ExitReason.shutdown()));
            assertThat(watcher.next()).isEqualTo("cleaned up");
            assertThat(watcher.nextDown(ref).reason()).isEqualTo(ExitReason.shutdown());
            assertThat(node.processCount()).isZero();
        }
    }

    @Test
    void aProcessThatDoesNotTrapExitsEndsWithShutdown() {
        try (Node observers = Node.start("close-observers-2")) {
            Probe watcher = Probe.spawn(observers);
            Node node = Node.start("close-plain");
            Pid pid = node.spawn(self -> self.receive());
            MonitorRef ref = watcher.monitor(pid);

            node.close(Duration.ofSeconds(30));

            assertThat(watcher.nextDown(ref).reason()).isEqualTo(ExitReason.shutdown());
            assertThat(node.isAlive(pid)).isFalse();
        }
    }

    @Test
    void aProcessThatIgnoresShutdownIsKilledAfterTheGrace() {
        try (Node observers = Node.start("close-observers-3")) {
            Probe watcher = Probe.spawn(observers);
            Node node = Node.start("close-stubborn");
            CompletableFuture<Exit> ignored = new CompletableFuture<>();
            CountDownLatch trapping = new CountDownLatch(1);
            Pid pid = node.spawn(SpawnOptions.defaults().withTrapExits(true), self -> {
                trapping.countDown();
                while (true) {
                    if (self.receive() instanceof Exit exit) {
                        ignored.complete(exit); // and carries on
                    }
                }
            });
            Probe.await(trapping);
            MonitorRef ref = watcher.monitor(pid);
            Duration grace = Duration.ofMillis(300);

            long start = System.nanoTime();
            node.close(grace);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(Probe.get(ignored)).isEqualTo(new Exit(node.pid(), ExitReason.shutdown()));
            assertThat(watcher.nextDown(ref).reason()).isEqualTo(ExitReason.killed());
            assertThat(took).as("the process had its grace").isGreaterThanOrEqualTo(grace);
            assertThat(node.processCount()).isZero();
        }
    }

    @Test
    void aProcessMayCloseItsOwnNode() throws Exception {
        Node node = Node.start("self-closing");
        Probe other = Probe.spawn(node);
        CompletableFuture<Long> closedAfter = new CompletableFuture<>();
        Pid closer = node.spawn(self -> {
            long start = System.nanoTime();
            self.node().close(Duration.ofSeconds(30));
            closedAfter.complete(System.nanoTime() - start);
        });
        // close() does not wait for its caller: it returns once the others are gone, well before the grace.
        long tookNanos = closedAfter.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(tookNanos)).isLessThan(Duration.ofSeconds(30));
        assertThat(node.isAlive(other.pid())).isFalse();
        Probe.await("the closing process to exit", () -> node.processCount() == 0);
        assertThat(node.isAlive(closer)).isFalse();
    }

    @Test
    void spawnOnAClosedNodeThrows() {
        Node node = Node.start("closed");
        node.close();
        assertThat(node.isClosed()).isTrue();
        assertThatThrownBy(() -> node.spawn(self -> {}))
                .isInstanceOf(NodeClosedException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> node.spawn(SpawnOptions.defaults().withName("late"), self -> {}))
                .isInstanceOf(NodeClosedException.class);
        assertThat(node.processCount()).isZero();
        assertThat(node.whereis("late")).isEmpty();
        node.close(); // a second close is harmless
    }

    @Test
    void spawnFromAProcessOfAClosingNodeThrows() {
        try (Node observers = Node.start("close-observers-4")) {
            Probe watcher = Probe.spawn(observers);
            Node node = Node.start("close-spawning");
            CompletableFuture<Throwable> failed = new CompletableFuture<>();
            CountDownLatch trapping = new CountDownLatch(1);
            node.spawn(SpawnOptions.defaults().withTrapExits(true), self -> {
                trapping.countDown();
                self.receive(Exit.class);
                try {
                    self.spawn(p -> p.receive());
                    failed.complete(new AssertionError("spawn succeeded"));
                } catch (RuntimeException e) {
                    failed.complete(e);
                }
            });
            Probe.await(trapping);
            node.close(Duration.ofSeconds(30));
            assertThat(Probe.get(failed)).isInstanceOf(NodeClosedException.class);
            assertThat(node.processCount()).isZero();
            assertThat(watcher.drain()).isEmpty();
        }
    }

    @Test
    void rootsThatAskToStopFirstStopOneAtATimeNewestFirstBeforeTheRest() throws Exception {
        Node node = Node.start("close-first");
        java.util.List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        CountDownLatch trapping = new CountDownLatch(1);
        Pid bystander = node.spawn(SpawnOptions.defaults().withTrapExits(true), self -> {
            trapping.countDown();
            self.receive(Exit.class);
            order.add("bystander");
        });
        Probe.await(trapping);
        for (String name : java.util.List.of("first", "second")) {
            CountDownLatch asked = new CountDownLatch(1);
            node.spawn(SpawnOptions.defaults().withTrapExits(true), self -> {
                Engine.get().stopFirstOnClose(node, self.self());
                asked.countDown();
                self.receive(Exit.class);
                order.add(name + (node.isAlive(bystander) ? " before the bystander" : " after the bystander"));
            });
            Probe.await(asked); // first asks before second
        }
        node.close(Duration.ofSeconds(30));
        assertThat(order).containsExactly("second before the bystander", "first before the bystander", "bystander");
        assertThat(node.processCount()).isZero();
    }

    @Test
    void onlyALiveProcessMayAskToStopFirst() {
        try (Node node = Node.start("close-first-bad")) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Pid gone = node.spawn(self -> done.complete(null));
            Probe.get(done);
            Probe.await("the process has left the node", () -> !node.processes().contains(gone));
            assertThatThrownBy(() -> Engine.get().stopFirstOnClose(node, gone))
                    .isInstanceOf(NoProcException.class)
                    .hasMessageContaining(gone.toString());
        }
    }
}
