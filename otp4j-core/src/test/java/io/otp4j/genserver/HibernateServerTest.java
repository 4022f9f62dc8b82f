package io.otp4j.genserver;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.ProcessStatus;
import io.otp4j.testing.TestClock;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A server that hibernates gives up its thread while it waits, and answers the next message as if it had not: in
 * calls, casts, deferred replies, the debugging requests, stop, exit signals and terminate.
 */
class HibernateServerTest {

    sealed interface Req<R> extends Call<R> {}

    record Add(int n) implements Req<Integer> {}

    record Later() implements Req<Integer> {}

    record Answer(From from, Later request, int value) {}

    record Pending(From from, Later request) {}

    /** A counter that hibernates after every message; Later hands its From to an info to be answered. */
    static final class Sleepy implements GenServer<Integer, Req<?>, Integer> {
        final List<Object> terminated = new CopyOnWriteArrayList<>();
        final CompletableFuture<Pending> later = new CompletableFuture<>();

        @Override
        public Init<Integer> init(ProcessContext self) {
            self.trapExits(true);
            return Init.ok(0).hibernate();
        }

        @Override
        public CallResult<Integer> handleCall(Req<?> request, From from, Integer n) {
            return switch (request) {
                case Add add -> reply(add, n + add.n(), n + add.n()).hibernate();
                case Later l -> {
                    later.complete(new Pending(from, l));
                    yield Results.<Integer>noReply(n).hibernate();
                }
            };
        }

        @Override
        public Result<Integer> handleCast(Integer n, Integer state) {
            return noReply(state + n).hibernate();
        }

        @Override
        public Result<Integer> handleInfo(Object message, Integer state) {
            if (message instanceof Answer answer) {
                answer.from().reply(answer.request(), answer.value());
            }
            return noReply(state).hibernate();
        }

        @Override
        public void terminate(ExitReason reason, Integer state) {
            terminated.add(reason);
        }
    }

    private static void awaitHibernating(Node node, Pid pid) {
        Within.eventually(
                pid + " hibernates",
                () -> node.info(pid)
                        .map(i -> i.status() == ProcessStatus.HIBERNATING)
                        .orElse(false));
    }

    @Test
    void callsCastsAndInfosWakeAHibernatingServerWhichHibernatesAgain() {
        try (Node node = Node.start("gs-hibernate")) {
            GenServerRef<Req<?>, Integer> server = GenServer.start(node, new Sleepy());
            awaitHibernating(node, server.pid());
            assertThat(server.call(new Add(2))).isEqualTo(2);
            awaitHibernating(node, server.pid());
            server.cast(5);
            awaitHibernating(node, server.pid());
            assertThat(Sys.getState(server)).isEqualTo(7);
            awaitHibernating(node, server.pid()); // a debugging request keeps what the last callback asked for
            node.send(server.pid(), "stray");
            assertThat(server.call(new Add(1))).isEqualTo(8);
        }
    }

    @Test
    void manyCallersGetEveryReplyWhileTheServerHibernatesBetweenMessages() {
        try (Node node = Node.start("gs-hibernate")) {
            GenServerRef<Req<?>, Integer> server = GenServer.start(node, new Sleepy());
            int callers = 8;
            int each = 250;
            List<CompletableFuture<List<Integer>>> results = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                results.add(Within.spawn(node, self -> {
                    List<Integer> got = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        got.add(server.call(new Add(1)));
                    }
                    return got;
                }));
            }
            List<Integer> all = new ArrayList<>();
            for (CompletableFuture<List<Integer>> r : results) {
                List<Integer> got = Within.get(r);
                assertThat(got).as("one caller's replies increase").isSorted();
                all.addAll(got);
            }
            assertThat(all).doesNotHaveDuplicates().hasSize(callers * each);
            assertThat(server.call(new Add(0))).isEqualTo(callers * each);
        }
    }

    @Test
    void aDeferredReplyToAHibernatingServersCallerArrives() {
        try (Node node = Node.start("gs-hibernate")) {
            Sleepy sleepy = new Sleepy();
            GenServerRef<Req<?>, Integer> server = GenServer.start(node, sleepy);
            CompletableFuture<Integer> answer = Within.spawn(node, self -> server.call(new Later()));
            Pending pending = Within.get(sleepy.later);
            awaitHibernating(node, server.pid());
            node.send(server.pid(), new Answer(pending.from(), pending.request(), 42));
            assertThat(Within.get(answer)).isEqualTo(42);
        }
    }

    @Test
    void stopRunsTerminateOnAHibernatingServer() {
        try (Node node = Node.start("gs-hibernate")) {
            Sleepy sleepy = new Sleepy();
            GenServerRef<Req<?>, Integer> server = GenServer.start(node, sleepy);
            awaitHibernating(node, server.pid());
            server.stop(ExitReason.shutdown(), Within.WAIT);
            assertThat(sleepy.terminated).containsExactly(ExitReason.shutdown());
            assertThat(server.isAlive()).isFalse();
        }
    }

    @Test
    void aLinkedParentsExitRunsTerminateAndAKillEndsItAtOnce() {
        try (Node node = Node.start("gs-hibernate")) {
            Sleepy linked = new Sleepy();
            CompletableFuture<Pid> started = new CompletableFuture<>();
            Pid parent = node.spawn(self -> {
                started.complete(GenServer.startLink(self, linked).pid());
                self.receive(); // until told to go
                self.exit(ExitReason.custom("parent done"));
            });
            Pid child = Within.get(started);
            CompletableFuture<Down> childDown = Within.watch(node, child);
            awaitHibernating(node, child);
            node.send(parent, "go");
            assertThat(Within.get(childDown).reason()).isEqualTo(ExitReason.custom("parent done"));
            assertThat(linked.terminated).containsExactly(ExitReason.custom("parent done"));

            GenServerRef<Req<?>, Integer> other = GenServer.start(node, new Sleepy());
            CompletableFuture<Down> otherDown = Within.watch(node, other.pid());
            awaitHibernating(node, other.pid());
            node.exit(other.pid(), ExitReason.kill());
            assertThat(Within.get(otherDown).reason()).isEqualTo(ExitReason.killed());
        }
    }

    /** A counter that never asks to hibernate itself. */
    static final class Plain implements GenServer<Integer, Req<?>, Integer> {
        @Override
        public Init<Integer> init(ProcessContext self) {
            return Init.ok(0);
        }

        @Override
        public CallResult<Integer> handleCall(Req<?> request, From from, Integer n) {
            return switch (request) {
                case Add add -> reply(add, n + add.n(), n + add.n());
                case Later l -> reply(l, n, n);
            };
        }
    }

    @Test
    void hibernateAfterHibernatesAServerThatWaitedThatLongAndNotBefore() {
        TestClock clock = new TestClock();
        try (Node node = Node.start("gs-hibernate-after", clock)) {
            GenServerRef<Req<?>, Integer> server = GenServer.start(
                    node, new Plain(), StartOptions.defaults().withHibernateAfter(Duration.ofSeconds(10)));
            Within.eventually("the server waits with its idle timer", () -> clock.pending() == 1);
            clock.advance(Duration.ofSeconds(9));
            assertThat(node.info(server.pid()).orElseThrow().status()).isEqualTo(ProcessStatus.WAITING);

            assertThat(server.call(new Add(1))).isEqualTo(1); // a message starts the idle time over
            Within.eventually("the server waits with a new idle timer", () -> clock.pending() == 1);
            clock.advance(Duration.ofSeconds(9));
            assertThat(node.info(server.pid()).orElseThrow().status()).isEqualTo(ProcessStatus.WAITING);
            clock.advance(Duration.ofSeconds(1));
            awaitHibernating(node, server.pid());

            assertThat(Sys.getState(server)).isEqualTo(1);
            Within.eventually(
                    "after a debugging request the server waits again before hibernating",
                    () -> clock.pending() == 1
                            && node.info(server.pid()).orElseThrow().status() == ProcessStatus.WAITING);
            assertThat(server.call(new Add(2))).isEqualTo(3);
        }
    }

    @Test
    void hibernateAfterMustBePositive() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1)}) {
            assertThatThrownBy(() -> StartOptions.defaults().withHibernateAfter(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("hibernateAfter")
                    .hasMessageContaining(bad.toString());
        }
    }
}
