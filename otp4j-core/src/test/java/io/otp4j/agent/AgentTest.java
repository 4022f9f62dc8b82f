package io.otp4j.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.ServerExitedException;
import io.otp4j.genserver.StartException;
import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AgentTest {

    /** The example of {@link Agent}'s class comment: its region is what the {@code @snippet} there shows. */
    @Test
    void theDocumentedExample() {
        try (Node node = Node.start("agent")) {
            // @start region="example"
            Agent<List<String>> names = Agent.start(node, List::of);
            names.update(list -> Stream.concat(list.stream(), Stream.of("ada")).toList());
            int count = names.get(List::size); // 1
            String first = names.getAndUpdate(list -> new Agent.Update<>(list.get(0), List.of())); // "ada", and empties
            // @end
            assertThat(count).isEqualTo(1);
            assertThat(first).isEqualTo("ada");
            boolean empty = names.get(List::isEmpty);
            assertThat(empty).isTrue();
        }
    }

    @Test
    void functionsRunInsideTheAgentOneAtATime() throws Exception {
        try (Node node = Node.start("agent")) {
            Agent<Integer> counter = Agent.start(node, () -> 0);
            int threads = 8;
            int each = 500;
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < each; i++) {
                        counter.update(n -> n + 1);
                    }
                    done.countDown();
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            int total = counter.get(n -> n);
            assertThat(total).isEqualTo(threads * each);
            String thread = counter.get(n -> Thread.currentThread().toString());
            assertThat(thread).isNotEqualTo(Thread.currentThread().toString());
        }
    }

    @Test
    void castIsSeenByTheNextGet() {
        try (Node node = Node.start("agent")) {
            Agent<Integer> agent = Agent.start(node, () -> 1);
            agent.cast(n -> n * 10);
            int value = agent.get(n -> n);
            assertThat(value).isEqualTo(10);
        }
    }

    @Test
    void aFailingFunctionCrashesTheAgentAndTheCallerLearnsWhy() {
        try (Node node = Node.start("agent")) {
            Agent<Integer> agent = Agent.start(node, () -> 1);
            assertThatThrownBy(() -> agent.get(n -> n / 0))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isInstanceOf(ExitReason.Crash.class))
                    .hasRootCauseInstanceOf(ArithmeticException.class);
            assertThat(node.isAlive(agent.pid())).isFalse();
        }
    }

    @Test
    void aFailingInitialStateFailsTheStart() {
        try (Node node = Node.start("agent")) {
            assertThatThrownBy(() -> Agent.start(node, () -> {
                        throw new IllegalStateException("no state today");
                    }))
                    .isInstanceOf(StartException.class)
                    .hasMessageContaining("no state today");
            assertThat(node.processCount()).isZero();
        }
    }

    @Test
    void stopEndsTheAgent() {
        try (Node node = Node.start("agent")) {
            Agent<Integer> agent = Agent.start(node, () -> 1);
            agent.stop();
            assertThat(node.isAlive(agent.pid())).isFalse();
            assertThatThrownBy(() -> agent.get(n -> n)).isInstanceOf(ServerExitedException.class);
        }
    }

    @Test
    void getAndUpdateIsAtomicUnderConcurrentCallers() throws Exception {
        try (Node node = Node.start("agent-tickets");
                var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Agent<Integer> next = Agent.start(node, () -> 0);
            int threads = 8;
            int each = 200;
            List<Future<List<Integer>>> taken = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                taken.add(callers.submit(() -> {
                    List<Integer> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(next.getAndUpdate(n -> new Agent.Update<>(n, n + 1)));
                    }
                    return mine;
                }));
            }
            Set<Integer> tickets = new HashSet<>();
            for (Future<List<Integer>> f : taken) {
                tickets.addAll(f.get(30, TimeUnit.SECONDS));
            }
            // No ticket handed out twice, none skipped: each read-and-increment was one step.
            assertThat(tickets).hasSize(threads * each);
            assertThat(tickets).allSatisfy(n -> assertThat(n).isBetween(0, threads * each - 1));
            int last = next.get(n -> n);
            assertThat(last).isEqualTo(threads * each);
        }
    }

    @Test
    void startLinkLinksTheAgentToTheCaller() throws Exception {
        try (Node node = Node.start("agent-link")) {
            CompletableFuture<Exit> exit = new CompletableFuture<>();
            CompletableFuture<Agent<Integer>> started = new CompletableFuture<>();
            node.spawn(self -> {
                self.trapExits(true);
                Agent<Integer> agent = Agent.startLink(self, () -> 1);
                started.complete(agent);
                exit.complete(self.receive(Exit.class, Duration.ofSeconds(5)).orElseThrow());
            });
            Agent<Integer> agent = started.get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> agent.get(n -> n / 0)).isInstanceOf(ServerExitedException.class);

            Exit seen = exit.get(5, TimeUnit.SECONDS);
            assertThat(seen.from()).isEqualTo(agent.pid());
            assertThat(seen.reason()).isInstanceOf(ExitReason.Crash.class);
        }
    }

    @Test
    void aLinkedAgentEndsWithItsParent() throws Exception {
        try (Node node = Node.start("agent-parent")) {
            CompletableFuture<Agent<Integer>> started = new CompletableFuture<>();
            CountDownLatch leave = new CountDownLatch(1);
            Pid parent = node.spawn(self -> {
                started.complete(Agent.startLink(self, () -> 1));
                leave.await();
                self.exit(ExitReason.shutdown());
            });
            Agent<Integer> agent = started.get(5, TimeUnit.SECONDS);
            CompletableFuture<Down> down = new CompletableFuture<>();
            CountDownLatch watching = new CountDownLatch(1);
            node.spawn(self -> {
                self.monitor(agent.pid());
                watching.countDown();
                down.complete(self.receive(Down.class, Duration.ofSeconds(10)).orElseThrow());
            });
            assertThat(watching.await(5, TimeUnit.SECONDS)).isTrue();

            leave.countDown();

            assertThat(down.get(10, TimeUnit.SECONDS).reason()).isEqualTo(ExitReason.shutdown());
            assertThat(node.isAlive(parent)).isFalse();
        }
    }

    @Test
    void aNamedAgentIsFoundByName() {
        try (Node node = Node.start("agent-named")) {
            Agent<String> agent = Agent.start(
                    node,
                    () -> "config",
                    io.otp4j.genserver.StartOptions.defaults().withName("config"));
            assertThat(node.whereis("config")).contains(agent.pid());
            String value = agent.get(s -> s);
            assertThat(value).isEqualTo("config");
        }
    }
}
