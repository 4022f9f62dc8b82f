package io.otp4j.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.ServerExitedException;
import io.otp4j.genserver.StartException;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AgentTest {

    @Test
    void theDocumentedExample() {
        try (Node node = Node.start("agent")) {
            Agent<List<String>> names = Agent.start(node, List::of);
            names.update(list -> Stream.concat(list.stream(), Stream.of("ada")).toList());
            int count = names.get(List::size);
            String first = names.getAndUpdate(list -> new Agent.Update<>(list.get(0), List.of()));
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
}
