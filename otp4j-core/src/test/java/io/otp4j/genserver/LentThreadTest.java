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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A call to a pooled server that waits without a thread runs the server on the caller's thread (the thread is
 * lent), and the server is otherwise the same server: what comes after the answer goes to a worker, and an exit
 * signal reaches only the process it is for.
 */
class LentThreadTest {

    private static final Duration CALL = Duration.ofSeconds(10);

    sealed interface Req<R> extends Call<R> {}

    record WhichThread() implements Req<Thread> {}

    record Add(int n) implements Req<Integer> {}

    /** Blocks until {@code release} opens; answers whether the wait ended without an interrupt. */
    record Block(CountDownLatch entered, CountDownLatch release) implements Req<Boolean> {}

    /** Calls {@code other} with {@code request} from the callback, and answers what it answered. */
    record Relay<R>(GenServerRef<Req<?>, String> other, Req<R> request) implements Req<R> {}

    /** Answers at once, then waits for {@code timeout} of the node's clock with nothing to do. */
    record ThenTimeout(Duration timeout) implements Req<Integer> {}

    /** Answers at once, then continues: the continue blocks until {@code release} opens. */
    record ThenContinue(CountDownLatch entered, CountDownLatch release) implements Req<Integer> {}

    /** Answers later: the cast "answer" does. */
    record Later() implements Req<Integer> {}

    /** Receives {@code token} in the callback (a selective receive: what comes before it stays queued), then answers. */
    record Select(String token) implements Req<Integer> {}

    /** Keeps the thread each message ran on, and what each blocked call found. */
    static final class Server implements GenServer<Integer, Req<?>, String> {
        final List<String> threads = new CopyOnWriteArrayList<>();
        final List<Boolean> blocks = new CopyOnWriteArrayList<>();
        final List<Thread> timeouts = new CopyOnWriteArrayList<>();
        final List<Thread> continues = new CopyOnWriteArrayList<>();
        private @Nullable From later;
        private @Nullable Later laterCall;
        private @Nullable ProcessContext self;

        @Override
        public Init<Integer> init(ProcessContext self) {
            this.self = self;
            return Init.ok(0);
        }

        @Override
        public CallResult<Integer> handleCall(Req<?> request, From from, Integer n) {
            threads.add(Thread.currentThread().getName());
            return switch (request) {
                case WhichThread w -> reply(w, Thread.currentThread(), n);
                case Add add -> reply(add, n + add.n(), n + add.n());
                case Block block -> {
                    block.entered().countDown();
                    boolean clean;
                    try {
                        clean = block.release().await(CALL.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        clean = false;
                    }
                    blocks.add(clean);
                    yield reply(block, clean, n);
                }
                case Relay<?> relay -> relayed(relay, n);
                case ThenTimeout then -> reply(then, n, n).withTimeout(then.timeout());
                case ThenContinue then -> reply(then, n, n).thenContinue(then);
                case Select select -> {
                    java.util.Objects.requireNonNull(self).receive(m -> m.equals(select.token()));
                    yield reply(select, n, n);
                }
                case Later call -> {
                    later = from;
                    laterCall = call;
                    yield noReply(n);
                }
            };
        }

        private static <R> CallResult<Integer> relayed(Relay<R> relay, Integer n) {
            return reply(relay, relay.other().call(relay.request(), CALL), n);
        }

        @Override
        public Result<Integer> handleCast(String cast, Integer n) {
            threads.add(Thread.currentThread().getName());
            if (cast.equals("answer")) {
                java.util.Objects.requireNonNull(later).reply(java.util.Objects.requireNonNull(laterCall), n);
            }
            return noReply(n + 1);
        }

        @Override
        public Result<Integer> handleInfo(Object message, Integer n) {
            if (message == InactivityTimeout.INSTANCE) {
                timeouts.add(Thread.currentThread());
            }
            return noReply(n);
        }

        @Override
        public Result<Integer> handleContinue(Object argument, Integer n) throws InterruptedException {
            continues.add(Thread.currentThread());
            ThenContinue then = (ThenContinue) argument;
            then.entered().countDown();
            then.release().await(CALL.toMillis(), TimeUnit.MILLISECONDS);
            return noReply(n);
        }
    }

    private static GenServerRef<Req<?>, String> startPooled(Node node, Server server) {
        GenServerRef<Req<?>, String> ref =
                GenServer.start(node, server, StartOptions.defaults().withPooled());
        awaitIdle(node, ref);
        return ref;
    }

    /** Waits until the server waits without a thread: its first thread, which ran init, has gone. */
    private static void awaitIdle(Node node, GenServerRef<Req<?>, String> server) {
        Within.eventually(
                "the server waits without a thread",
                () -> server.core().thread == null
                        && node.info(server.pid())
                                .map(i -> i.status() == ProcessStatus.WAITING)
                                .orElse(false));
    }

    @Test
    void aCallToAnIdlePooledServerRunsItOnTheCallersThread() {
        try (Node node = Node.start("lent-basics")) {
            GenServerRef<Req<?>, String> server = startPooled(node, new Server());
            for (int i = 1; i <= 100; i++) {
                assertThat(server.call(new Add(1), CALL)).isEqualTo(i);
                awaitIdle(node, server);
            }
            assertThat(server.call(new WhichThread(), CALL)).isSameAs(Thread.currentThread());
            // A request whose reply no thread waits for lends nothing: a worker runs the server.
            awaitIdle(node, server);
            Thread worker = server.sendRequest(new WhichThread()).await(CALL);
            assertThat(worker.getName()).isEqualTo("otp4j-worker lent-basics");
            // The caller's thread is back to itself: no interrupt left over, and the server has left it.
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            awaitIdle(node, server);
        }
    }

    @Test
    void whatComesAfterTheAnswerGoesToAWorkerNotToTheCaller() {
        try (Node node = Node.start("lent-after")) {
            Server state = new Server();
            GenServerRef<Req<?>, String> server = startPooled(node, state);
            Block block = new Block(new CountDownLatch(1), new CountDownLatch(1));
            Thread caller = Thread.ofVirtual().name("lent-caller").start(() -> server.call(block, CALL));
            Within.await(block.entered());
            for (int i = 0; i < 5; i++) {
                server.cast("one more");
            }
            block.release().countDown();
            Within.eventually("the caller has its answer", () -> !caller.isAlive());
            Within.eventually("the casts are handled", () -> state.threads.size() == 6);
            assertThat(state.threads.get(0)).isEqualTo("lent-caller");
            assertThat(state.threads.subList(1, 6)).containsOnly("otp4j-worker lent-after");
            assertThat(server.call(new Add(0), CALL)).isEqualTo(5);
        }
    }

    /**
     * A callback on a lent thread that receives selectively sets aside what comes before its message; once its caller
     * has its answer the server leaves the thread without looking at the mailbox again, and a worker takes what was
     * set aside (it had been scanned already, so no sender would wake the server for it).
     */
    @Test
    void whatASelectiveReceiveSetAsideOnALentThreadIsTakenAfterTheAnswer() {
        try (Node node = Node.start("lent-selective")) {
            Server state = new Server();
            GenServerRef<Req<?>, String> server = startPooled(node, state);
            CompletableFuture<Integer> selected = new CompletableFuture<>();
            Thread.ofVirtual().name("lent-caller").start(() -> selected.complete(server.call(new Select("go"), CALL)));
            Within.eventually(
                    "the callback receives on the caller's thread", () -> state.threads.equals(List.of("lent-caller")));
            server.cast("one more");
            CompletableFuture<Integer> added = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> added.complete(server.call(new Add(5), CALL)));
            Within.eventually(
                    "the cast and the call are set aside",
                    () -> node.info(server.pid())
                            .map(i -> i.mailboxLength() == 2)
                            .orElse(false));
            node.send(server.pid(), "go");

            assertThat(Within.get(selected)).isZero();
            assertThat(Within.get(added)).isEqualTo(6);
        }
    }

    @Test
    void anExitSignalForTheCallerWaitsUntilTheServerHasLeftItsThread() {
        try (Node node = Node.start("lent-caller-exit")) {
            Server state = new Server();
            GenServerRef<Req<?>, String> server = startPooled(node, state);
            Block block = new Block(new CountDownLatch(1), new CountDownLatch(1));
            Pid caller = node.spawn(self -> server.call(block, CALL));
            Within.await(block.entered());
            CompletableFuture<Down> down = Within.watch(node, caller);
            node.exit(caller, ExitReason.custom("go away"));
            block.release().countDown();

            // The caller goes with the signal's reason, as a process that is busy does: once the server has left
            // its thread. The server's callback ran to its end uninterrupted, and the server is alive and well.
            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.custom("go away"));
            assertThat(state.blocks).containsExactly(true);
            assertThat(state.threads).hasSize(1);
            assertThat(server.call(new Add(1), CALL)).isEqualTo(1);
        }
    }

    @Test
    void anExitSignalForTheServerEndsItAndReachesNotTheCaller() {
        try (Node node = Node.start("lent-server-exit")) {
            GenServerRef<Req<?>, String> server = startPooled(node, new Server());
            Block block = new Block(new CountDownLatch(1), new CountDownLatch(1));
            CompletableFuture<Down> down = Within.watch(node, server.pid());
            CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    server.call(block, CALL); // answered or failed: the callback swallows the interrupt
                } catch (ServerExitedException e) {
                    // as well
                }
                interruptedAfter.complete(Thread.currentThread().isInterrupted());
            });
            Within.await(block.entered());
            node.exit(server.pid(), ExitReason.kill());

            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.killed());
            assertThat(Within.get(interruptedAfter)).isFalse();
            Within.eventually("the caller is done", () -> !caller.isAlive());
        }
    }

    @Test
    void manyThreadsLentAtOnceEachOweTheirOwnCallersExit() {
        // 256 threads lent at once, as durable servers blocked on their commits hold them: enough that some share a
        // slot of the table of lent threads, so each must keep its own frame while the others come and go.
        int count = 256;
        try (Node node = Node.start("lent-many")) {
            List<Server> states = new java.util.ArrayList<>();
            List<GenServerRef<Req<?>, String>> servers = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                Server state = new Server();
                states.add(state);
                servers.add(startPooled(node, state));
            }
            CountDownLatch entered = new CountDownLatch(count);
            CountDownLatch release = new CountDownLatch(1);
            List<Pid> callers = new java.util.ArrayList<>();
            for (GenServerRef<Req<?>, String> server : servers) {
                callers.add(node.spawn(self -> server.call(new Block(entered, release), CALL)));
            }
            Within.await(entered);
            List<CompletableFuture<Down>> downs = new java.util.ArrayList<>();
            for (Pid caller : callers) {
                downs.add(Within.watch(node, caller));
                node.exit(caller, ExitReason.custom("go away"));
            }
            release.countDown();

            // Each caller goes with its signal once its server has left its thread, and no server's callback saw
            // an interrupt meant for its caller.
            for (CompletableFuture<Down> down : downs) {
                assertThat(Within.get(down).reason()).isEqualTo(ExitReason.custom("go away"));
            }
            for (Server state : states) {
                assertThat(state.blocks).containsExactly(true);
            }
            for (GenServerRef<Req<?>, String> server : servers) {
                assertThat(server.call(new Add(1), CALL)).isEqualTo(1);
            }
        }
    }

    @Test
    void aThreadLentOnByTheServerOwesTheServersExitUntilTheInnerServerLeaves() {
        try (Node node = Node.start("lent-nested")) {
            Server frontState = new Server();
            Server backState = new Server();
            GenServerRef<Req<?>, String> front = startPooled(node, frontState);
            GenServerRef<Req<?>, String> back = startPooled(node, backState);
            assertThat(front.call(new Relay<>(back, new WhichThread()), CALL)).isSameAs(Thread.currentThread());

            awaitIdle(node, front);
            awaitIdle(node, back);
            Block block = new Block(new CountDownLatch(1), new CountDownLatch(1));
            CompletableFuture<Down> frontDown = Within.watch(node, front.pid());
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    outcome.complete(front.call(new Relay<>(back, block), CALL));
                } catch (RuntimeException e) {
                    outcome.complete(e);
                }
            });
            Within.await(block.entered());
            // The thread runs the back server, lent to it by the front server, lent to it by the caller.
            node.exit(front.pid(), ExitReason.kill());
            block.release().countDown();

            assertThat(Within.get(frontDown).reason()).isEqualTo(ExitReason.killed());
            assertThat(backState.blocks).containsExactly(true);
            assertThat(Within.get(outcome))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.killed()));
            assertThat(back.call(new Add(2), CALL)).isEqualTo(2);
        }
    }

    @Test
    void aTimeoutAfterTheAnswerIsWaitedOutOnAWorker() {
        TestClock clock = new TestClock();
        try (Node node = Node.start("lent-timeout", clock)) {
            Server state = new Server();
            GenServerRef<Req<?>, String> server = startPooled(node, state);
            // The clock stands still: a caller held up by the server's wait would never get its answer.
            CompletableFuture<Integer> answer = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> answer.complete(server.call(new ThenTimeout(Duration.ofSeconds(1)), CALL)));
            assertThat(Within.get(answer)).isZero();
            Within.eventually("the server waits on the clock", () -> clock.pending() > 0);
            clock.advance(Duration.ofSeconds(1));
            Within.eventually("the timeout is handled", () -> state.timeouts.size() == 1);
            assertThat(state.timeouts.get(0).getName()).isEqualTo("otp4j-worker lent-timeout");
        }
    }

    @Test
    void aContinueAfterTheAnswerRunsOnAWorker() {
        try (Node node = Node.start("lent-continue")) {
            Server state = new Server();
            GenServerRef<Req<?>, String> server = startPooled(node, state);
            ThenContinue then = new ThenContinue(new CountDownLatch(1), new CountDownLatch(1));
            assertThat(server.call(then, CALL)).isZero();
            Within.await(then.entered());
            assertThat(state.continues).hasSize(1);
            assertThat(state.continues.get(0)).isNotSameAs(Thread.currentThread());
            then.release().countDown();
            assertThat(server.call(new Add(3), CALL)).isEqualTo(3);
        }
    }

    @Test
    void aCallAnsweredLaterLeavesTheCallersThreadAndWaitsAsUsual() {
        try (Node node = Node.start("lent-later")) {
            GenServerRef<Req<?>, String> server = startPooled(node, new Server());
            CompletableFuture<Integer> answer = new CompletableFuture<>();
            Thread caller = Thread.ofVirtual().start(() -> answer.complete(server.call(new Later(), CALL)));
            Within.eventually(
                    "the caller waits, the server idle",
                    () -> caller.getState() == Thread.State.WAITING && server.core().thread == null);
            assertThat(answer).isNotDone();
            server.cast("answer");
            assertThat(Within.get(answer)).isZero();
        }
    }

    @Test
    void aServerThatCallsItselfOnALentThreadIsRefused() {
        try (Node node = Node.start("lent-self")) {
            GenServerRef<Req<?>, String> server = startPooled(node, new Server());
            assertThatThrownBy(() -> server.call(new Relay<>(server, new Add(1)), CALL))
                    .isInstanceOf(ServerExitedException.class);
        }
    }
}
