package io.otp4j.genserver;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.ProcessStatus;
import io.otp4j.process.spi.Engine;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Pooled servers ({@link StartOptions#withPooled()}): a server that gives up its thread whenever it waits, and
 * that one of its node's workers runs when a message or signal comes, is otherwise an ordinary server.
 */
class PooledServerTest {

    private static final Duration CALL = Duration.ofSeconds(10);

    sealed interface Req<R> extends Call<R> {}

    record WhichThread() implements Req<Thread> {}

    record Add(int n) implements Req<Integer> {}

    /** Blocks its caller's server until {@code release} opens, then answers. */
    record Block(CountDownLatch entered, CountDownLatch release) implements Req<Boolean> {}

    /** Answers whether the thread that runs the callback is interrupted, clearing nothing. */
    record Interrupted() implements Req<Boolean> {}

    /** Calls {@code other} with {@code add} from the callback, and answers what it answered. */
    record Relay(GenServerRef<Req<?>, Integer> other, Add add) implements Req<Integer> {}

    /** Hibernates after answering. */
    record Sleep() implements Req<Integer> {}

    /** Counts, answers with its thread, and keeps the exits it is told of (it traps them). */
    static final class Counter implements GenServer<Integer, Req<?>, Integer> {
        final List<Object> infos = new CopyOnWriteArrayList<>();

        @Override
        public Init<Integer> init(ProcessContext self) {
            self.trapExits(true);
            return Init.ok(0);
        }

        @Override
        public CallResult<Integer> handleCall(Req<?> request, From from, Integer n) {
            return switch (request) {
                case WhichThread w -> reply(w, Thread.currentThread(), n);
                case Add add -> reply(add, n + add.n(), n + add.n());
                case Block block -> {
                    block.entered().countDown();
                    try {
                        yield reply(block, block.release().await(CALL.toMillis(), TimeUnit.MILLISECONDS), n);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        yield reply(block, false, n);
                    }
                }
                case Interrupted i -> reply(i, Thread.currentThread().isInterrupted(), n);
                case Relay relay -> {
                    int answer = relay.other().call(relay.add(), CALL);
                    yield reply(relay, answer, n);
                }
                case Sleep sleep -> reply(sleep, n, n).hibernate();
            };
        }

        @Override
        public Result<Integer> handleCast(Integer by, Integer n) {
            return noReply(n + by);
        }

        @Override
        public Result<Integer> handleInfo(Object message, Integer n) {
            infos.add(message);
            return noReply(n);
        }
    }

    private static GenServerRef<Req<?>, Integer> startPooled(Node node, Counter counter) {
        return GenServer.start(node, counter, StartOptions.defaults().withPooled());
    }

    @Test
    void aPooledServerKeepsItsStateAcrossWaitsAndRunsOnAWorkerThatIsNotItsOwnWhileItWaits() {
        try (Node node = Node.start("pooled-basics")) {
            Counter counter = new Counter();
            GenServerRef<Req<?>, Integer> server = startPooled(node, counter);

            assertThat(server.call(new Add(2), CALL)).isEqualTo(2);
            server.cast(3);
            node.send(server.pid(), "an info");
            assertThat(server.call(new Add(1), CALL)).isEqualTo(6);
            Within.eventually("the info is handled", () -> counter.infos.equals(List.of("an info")));

            // Once it has waited without a thread (the worker that took the cast and the info above may still be
            // running it), the next message is run by a worker.
            Within.eventually(
                    "the server waits without a thread",
                    () -> node.info(server.pid())
                            .map(i -> i.status() == ProcessStatus.WAITING)
                            .orElse(false));
            // (A request: a call whose caller waits would run the server on the caller's thread, see LentThreadTest.)
            Thread worker = server.sendRequest(new WhichThread()).await(CALL);
            assertThat(worker.getName()).isEqualTo("otp4j-worker pooled-basics");
            assertThat(worker.isVirtual()).isTrue();
            // Idle again, the server is no thread's process: the worker that ran it runs others, or none.
            Within.eventually(
                    "the worker is no longer the server's thread",
                    () -> Engine.get().pidOf(node, worker).isEmpty());
            // Nor does the server still take the worker for its thread: a process the worker runs next may call it.
            Within.eventually("the server has no thread", () -> server.core().thread == null);
            Within.eventually(
                    "the server shows as waiting",
                    () -> node.info(server.pid())
                            .map(i -> i.status() == ProcessStatus.WAITING)
                            .orElse(false));
            assertThat(server.call(new Add(0), CALL)).isEqualTo(6);
        }
    }

    @Test
    void pooledClientsTakingRepliesAsMessagesGetEveryReplyOnce() {
        int clients = 64;
        int each = 300;
        try (Node node = Node.start("pooled-requests")) {
            GenServerRef<Req<?>, Integer> counter = startPooled(node, new Counter());
            List<CompletableFuture<List<Integer>>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                CompletableFuture<List<Integer>> answers = new CompletableFuture<>();
                done.add(answers);
                GenServer.start(
                                node,
                                new RequestClient(counter, each, answers),
                                StartOptions.defaults().withPooled())
                        .cast("go");
            }
            List<Integer> all = new ArrayList<>();
            for (CompletableFuture<List<Integer>> answers : done) {
                List<Integer> got = Within.get(answers);
                assertThat(got).hasSize(each).isSorted();
                all.addAll(got);
            }
            // Every increment was answered once: the answers are 1 to clients * each, each exactly once.
            assertThat(all)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.rangeClosed(1, clients * each).boxed().toList());
        }
    }

    /** Sends {@code each} increments one after the other, taking each reply as a message. */
    static final class RequestClient implements GenServer<List<Integer>, Call<?>, String> {
        private final GenServerRef<Req<?>, Integer> counter;
        private final int each;
        private final CompletableFuture<List<Integer>> done;
        private @Nullable Pid self;

        RequestClient(GenServerRef<Req<?>, Integer> counter, int each, CompletableFuture<List<Integer>> done) {
            this.counter = counter;
            this.each = each;
            this.done = done;
        }

        @Override
        public Init<List<Integer>> init(ProcessContext self) {
            this.self = self.self();
            return Init.ok(new ArrayList<>());
        }

        @Override
        public Result<List<Integer>> handleCast(String go, List<Integer> answers) {
            counter.sendRequest(new Add(1), java.util.Objects.requireNonNull(self));
            return noReply(answers);
        }

        @Override
        public Result<List<Integer>> handleInfo(Object message, List<Integer> answers) {
            answers.add((Integer) ((Response<?>) message).reply());
            if (answers.size() < each) {
                counter.sendRequest(new Add(1), java.util.Objects.requireNonNull(self));
            } else {
                done.complete(List.copyOf(answers));
            }
            return noReply(answers);
        }
    }

    @Test
    void aPooledServerBlockedInACallbackHoldsUpNoOtherPooledServer() {
        try (Node node = Node.start("pooled-blocked")) {
            GenServerRef<Req<?>, Integer> blocked = startPooled(node, new Counter());
            GenServerRef<Req<?>, Integer> other = startPooled(node, new Counter());
            Block block = new Block(new CountDownLatch(1), new CountDownLatch(1));
            CompletableFuture<Boolean> answer = blocked.callAsync(block, CALL).toCompletableFuture();
            Within.await(block.entered());

            for (int i = 1; i <= 100; i++) {
                assertThat(other.call(new Add(1), CALL)).isEqualTo(i);
            }
            assertThat(answer).isNotDone();
            block.release().countDown();
            assertThat(Within.get(answer)).isTrue();
        }
    }

    @Test
    void pooledServersWokenInABurstAllRunThoughEachBlocksItsWorker() {
        int servers = 16;
        try (Node node = Node.start("pooled-burst")) {
            List<GenServerRef<Req<?>, Integer>> refs = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                GenServerRef<Req<?>, Integer> server = startPooled(node, new Counter());
                refs.add(server);
            }
            for (GenServerRef<Req<?>, Integer> server : refs) {
                Within.eventually("the server waits without a thread", () -> server.core().thread == null);
            }
            // Requests, not calls: no caller lends its thread, so workers run every server. The burst counts on
            // the one worker it finds free, which takes the first server and blocks there: the others must still run.
            CountDownLatch entered = new CountDownLatch(servers);
            CountDownLatch release = new CountDownLatch(1);
            List<PendingCall<Boolean>> pending = new ArrayList<>();
            for (GenServerRef<Req<?>, Integer> server : refs) {
                pending.add(server.sendRequest(new Block(entered, release)));
            }
            Within.await(entered);
            release.countDown();
            assertThat(PendingCall.awaitAll(pending, CALL)).containsOnly(true).hasSize(servers);
        }
    }

    @Test
    void aPooledServerCallsAnotherFromItsCallback() {
        try (Node node = Node.start("pooled-relay")) {
            GenServerRef<Req<?>, Integer> front = startPooled(node, new Counter());
            GenServerRef<Req<?>, Integer> back = startPooled(node, new Counter());
            // Workers are reused: the one that ran the back server a moment ago is often the front's next, and the
            // front's call must not be taken for a call of the back server to itself.
            for (int i = 1; i <= 500; i++) {
                assertThat(front.call(new Relay(back, new Add(1)), CALL)).isEqualTo(i);
            }
        }
    }

    @Test
    void exitSignalsReachAPooledServerThatWaits() {
        try (Node node = Node.start("pooled-exit")) {
            Counter counter = new Counter();
            GenServerRef<Req<?>, Integer> server = startPooled(node, counter);
            server.call(new Add(0), CALL);

            Within.inProcess(node, self -> {
                self.exit(server.pid(), ExitReason.custom("a nudge"));
                return null;
            });
            Within.eventually("the trapped exit is handled", () -> counter.infos.size() == 1);
            assertThat(counter.infos.get(0))
                    .isInstanceOfSatisfying(
                            Exit.class, e -> assertThat(e.reason()).isEqualTo(ExitReason.custom("a nudge")));
            assertThat(server.call(new Add(1), CALL)).isEqualTo(1);

            CompletableFuture<Down> down = Within.watch(node, server.pid());
            node.exit(server.pid(), ExitReason.kill());
            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.killed());
        }
    }

    @Test
    void anInterruptForAServerThatExitedReachesNoOtherServerOnItsWorker() {
        try (Node node = Node.start("pooled-interrupt")) {
            List<GenServerRef<Req<?>, Integer>> others = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                others.add(startPooled(node, new Counter()));
            }
            for (int round = 0; round < 50; round++) {
                GenServerRef<Req<?>, Integer> victim = GenServer.start(
                        node, new Counter(), StartOptions.defaults().withPooled());
                Block block = new Block(new CountDownLatch(1), new CountDownLatch(1));
                victim.callAsync(block, CALL);
                Within.await(block.entered());
                CompletableFuture<Down> down = Within.watch(node, victim.pid());
                // Its worker is interrupted out of the wait, and the server exits with the signal's reason.
                node.exit(victim.pid(), ExitReason.kill());
                assertThat(Within.get(down).reason()).isEqualTo(ExitReason.killed());
                for (GenServerRef<Req<?>, Integer> other : others) {
                    assertThat(other.call(new Interrupted(), CALL)).isFalse();
                }
            }
        }
    }

    @Test
    void aPooledServerIsSuspendedHibernatesStopsAndFreesItsName() {
        try (Node node = Node.start("pooled-sys")) {
            StartOptions named = StartOptions.defaults().withName("pooled").withPooled();
            GenServerRef<Req<?>, Integer> server = GenServer.start(node, new Counter(), named);
            server.call(new Add(4), CALL);

            Sys.suspend(server);
            server.cast(5);
            assertThat(Sys.getState(server)).isEqualTo(4);
            Sys.resume(server);
            assertThat(server.call(new Add(0), CALL)).isEqualTo(9);

            assertThat(server.call(new Sleep(), CALL)).isEqualTo(9);
            assertThat(server.call(new Add(1), CALL)).isEqualTo(10);

            // A stop returns once the process has left the node, its name free: its worker does not end, so it is
            // not what the stop waits for.
            for (int i = 0; i < 50; i++) {
                server.stop();
                assertThat(node.whereis("pooled")).isEmpty();
                assertThat(node.isAlive(server.pid())).isFalse();
                assertThat(server.core().thread).isNull();
                server = GenServer.start(node, new Counter(), named);
                assertThat(server.call(new Add(1), CALL)).isEqualTo(1);
            }
        }
    }

    @Test
    void closingTheNodeStopsPooledServers() {
        List<Pid> pids = new ArrayList<>();
        Node node = Node.start("pooled-close");
        try {
            for (int i = 0; i < 100; i++) {
                GenServerRef<Req<?>, Integer> server = startPooled(node, new Counter());
                server.call(new Add(i), CALL);
                pids.add(server.pid());
            }
        } finally {
            node.close(); // returns once every process has exited
        }
        assertThat(pids).noneMatch(node::isAlive);
    }
}
