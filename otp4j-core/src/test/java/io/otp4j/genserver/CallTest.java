package io.otp4j.genserver;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;
import static io.otp4j.genserver.Results.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.testing.TestClock;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls: timeouts and what they leave behind, failures at once when the server is gone or goes, the call
 * without timeout, the self-call, and the skipping of calls whose caller has given up.
 */
class CallTest {

    sealed interface Req<R> extends Call<R> {}

    record Get() implements Req<Integer> {}

    record Hold() implements Req<Integer> {} // no reply now: the From goes to the test

    record Block() implements Req<Integer> {} // replies once the test opens the gate

    record Crash(String why) implements Req<Integer> {}

    record Quit(ExitReason reason) implements Req<Integer> {}

    record CallMyself() implements Req<String> {}

    /** A call the server left unanswered. */
    record Held(Hold request, From from) {}

    static final class Server implements GenServer<Integer, Req<?>, Void> {
        static final ServerType<Req<?>, Void> TYPE = ServerType.of(Server.class);

        final AtomicInteger handled = new AtomicInteger();
        final LinkedBlockingQueue<Held> held = new LinkedBlockingQueue<>();
        final CountDownLatch blocking = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicReference<@Nullable GenServerRef<Req<?>, Void>> me = new AtomicReference<>();

        @Override
        public Init<Integer> init(ProcessContext self) {
            me.set(GenServerRef.of(self.self(), TYPE).orElseThrow());
            return Init.ok(0);
        }

        @Override
        public CallResult<Integer> handleCall(Req<?> request, From from, Integer n) throws Exception {
            handled.incrementAndGet();
            return switch (request) {
                case Get get -> reply(get, n, n);
                case Hold hold -> {
                    held.add(new Held(hold, from));
                    yield noReply(n);
                }
                case Block block -> {
                    blocking.countDown();
                    gate.await();
                    yield reply(block, n + 1, n + 1);
                }
                case Crash crash -> throw new IllegalStateException(crash.why());
                case Quit quit -> stop(quit.reason(), n);
                case CallMyself call -> {
                    GenServerRef<Req<?>, Void> self = java.util.Objects.requireNonNull(me.get());
                    try {
                        self.call(new Get());
                        yield reply(call, "no error", n);
                    } catch (IllegalStateException e) {
                        yield reply(call, String.valueOf(e.getMessage()), n);
                    }
                }
            };
        }

        Held held() throws InterruptedException {
            Held from = held.poll(Within.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (from == null) {
                throw new AssertionError("the server held no call");
            }
            return from;
        }
    }

    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void theDefaultTimeoutIsFiveSecondsAsInOtp() {
        assertThat(GenServerRef.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aTimeoutNamesTheServerTheRequestAndTheTimeout() {
        try (Node node = Node.start("call-timeout")) {
            GenServerRef<Req<?>, Void> server = GenServer.start(node, new Server());
            Hold request = new Hold();
            Duration timeout = Duration.ofMillis(100);
            long start = System.nanoTime();

            assertThatThrownBy(() -> server.call(request, timeout))
                    .isInstanceOfSatisfying(CallTimeoutException.class, e -> {
                        assertThat(e.server()).isEqualTo(server.pid());
                        assertThat(e.request()).isSameAs(request);
                        assertThat(e.timeout()).isEqualTo(timeout);
                        assertThat(e)
                                .hasMessageContaining(server.pid().toString())
                                .hasMessageContaining(request.toString())
                                .hasMessageContaining(timeout.toString());
                    });
            assertThat(Within.since(start)).isGreaterThanOrEqualTo(timeout);
            assertThat(server.isAlive())
                    .as("a timeout does not hurt the server")
                    .isTrue();
        }
    }

    @Test
    void aLateReplyIsDroppedNotDeliveredToTheCaller() throws Exception {
        try (Node node = Node.start("call-late")) {
            Server impl = new Server();
            GenServerRef<Req<?>, Void> server = GenServer.start(node, impl);
            CountDownLatch gaveUp = new CountDownLatch(1);
            CountDownLatch repliedLate = new CountDownLatch(1);
            record Afterwards(Optional<Object> message, int mailboxLength, int nextCall) {}
            CompletableFuture<Afterwards> caller = Within.spawn(node, self -> {
                Hold hold = new Hold();
                assertThatThrownBy(() -> server.call(hold, Duration.ofMillis(50)))
                        .isInstanceOf(CallTimeoutException.class);
                assertThatThrownBy(() -> server.call(new Block(), Duration.ofMillis(50)))
                        .isInstanceOf(CallTimeoutException.class);
                gaveUp.countDown();
                repliedLate.await();
                int next = server.call(new Get()); // the server got past the late replies
                return new Afterwards(
                        self.receive(Duration.ZERO),
                        node.info(self.self()).orElseThrow().mailboxLength(),
                        next);
            });

            Held held = impl.held();
            Within.await(gaveUp);
            // A deferred reply after the caller gave up reaches no one and says so.
            assertThat(held.from().isWaiting()).isFalse();
            assertThat(held.from().reply(held.request(), 1)).isFalse();
            repliedLate.countDown();
            impl.gate.countDown(); // the blocked call's handler now returns its reply: dropped too

            Afterwards afterwards = Within.get(caller);
            assertThat(afterwards.message()).isEmpty();
            assertThat(afterwards.mailboxLength()).isZero();
            assertThat(afterwards.nextCall()).isEqualTo(1);
        }
    }

    @Test
    void aCallToAServerThatIsGoneFailsAtOnceWithNoproc() {
        try (Node node = Node.start("call-dead")) {
            GenServerRef<Req<?>, Void> stopped = GenServer.start(node, new Server());
            stopped.stop(ExitReason.shutdown("maintenance"), Within.WAIT);
            GenServerRef<Req<?>, Void> killed = GenServer.start(node, new Server());
            CompletableFuture<Down> down = Within.watch(node, killed.pid());
            node.exit(killed.pid(), ExitReason.kill());
            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.killed());

            // As gen_server:call: the server was gone before the call, whatever it exited with, so nothing
            // reached it and the caller may safely try again elsewhere.
            long start = System.nanoTime();
            assertThatThrownBy(() -> stopped.call(new Get(), Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(ServerExitedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ExitReason.noproc());
                        assertThat(e.server()).isEqualTo(stopped.pid());
                    });
            assertThatThrownBy(() -> killed.call(new Get(), Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.noproc()));
            assertThatThrownBy(() -> killed.sendRequest(new Get()).await(Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.noproc()));
            assertThatThrownBy(() -> stopped.sendRequest(new Get()).check())
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.noproc()));
            assertThat(Within.since(start)).isLessThan(Within.WAIT);
        }
    }

    @Test
    void aRequestTheServerHeldWhenItDiedFailsWithItsExitReason() throws Exception {
        try (Node node = Node.start("call-died")) {
            Server impl = new Server();
            GenServerRef<Req<?>, Void> server = GenServer.start(node, impl);
            CompletableFuture<Integer> call =
                    CompletableFuture.supplyAsync(() -> server.call(new Hold(), Duration.ofSeconds(30)), callers);
            impl.held();
            PendingCall<Integer> pending = server.sendRequest(new Hold());
            impl.held();
            long start = System.nanoTime();

            node.exit(server.pid(), ExitReason.kill());

            // Unlike a call to a server already gone: this one reached the server, which died holding it.
            assertThatThrownBy(() -> Within.get(call))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.killed()));
            assertThatThrownBy(() -> pending.await(Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.killed()));
            assertThat(Within.since(start)).isLessThan(Within.WAIT);
        }
    }

    @Test
    void aServerCrashingDuringTheCallFailsItAtOnceWithTheCrash() {
        try (Node node = Node.start("call-crash")) {
            GenServerRef<Req<?>, Void> server = GenServer.start(node, new Server());
            long start = System.nanoTime();
            assertThatThrownBy(() -> server.call(new Crash("bad input"), Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(ServerExitedException.class, e -> {
                        assertThat(e.reason())
                                .isInstanceOfSatisfying(
                                        ExitReason.Crash.class,
                                        c -> assertThat(c.cause())
                                                .isInstanceOf(IllegalStateException.class)
                                                .hasMessage("bad input"));
                        assertThat(e.getCause())
                                .isInstanceOf(IllegalStateException.class)
                                .hasMessage("bad input");
                    });
            assertThat(Within.since(start)).isLessThan(Within.WAIT);
            assertThat(server.isAlive()).isFalse();
        }
    }

    @Test
    void aServerStoppingFailsTheStoppingCallAndTheQueuedOnesWithTheStopReason() throws Exception {
        try (Node node = Node.start("call-stop")) {
            Server impl = new Server();
            GenServerRef<Req<?>, Void> server = GenServer.start(node, impl);
            ExitReason reason = ExitReason.custom("closing time");
            PendingCall<Integer> blocked = server.sendRequest(new Block());
            Within.await(impl.blocking);
            CompletableFuture<Integer> stopping =
                    CompletableFuture.supplyAsync(() -> server.call(new Quit(reason), Duration.ofSeconds(30)), callers);
            // One at a time: the two callers' threads race, and a Get taken before the Quit would be answered.
            awaitMailboxLength(node, server, 1);
            CompletableFuture<Integer> queued =
                    CompletableFuture.supplyAsync(() -> server.call(new Get(), Duration.ofSeconds(30)), callers);
            awaitMailboxLength(node, server, 2);
            long start = System.nanoTime();
            impl.gate.countDown();

            assertThat(blocked.await(Within.WAIT)).isEqualTo(1);
            for (CompletableFuture<Integer> call : java.util.List.of(stopping, queued)) {
                assertThatThrownBy(() -> Within.get(call))
                        .isInstanceOfSatisfying(
                                ServerExitedException.class,
                                e -> assertThat(e.reason()).isEqualTo(reason));
            }
            assertThat(Within.since(start)).isLessThan(Within.WAIT);
        }
    }

    private static void awaitMailboxLength(Node node, GenServerRef<?, ?> server, int length) {
        Within.eventually(
                length + " calls are queued",
                () -> node.info(server.pid())
                        .map(i -> i.mailboxLength() == length)
                        .orElse(false));
    }

    @Test
    void callWithoutTimeoutWaitsForTheReply() throws Exception {
        try (Node node = Node.start("call-infinity")) {
            Server impl = new Server();
            GenServerRef<Req<?>, Void> server = GenServer.start(node, impl);
            CompletableFuture<Integer> call =
                    CompletableFuture.supplyAsync(() -> server.callWithoutTimeout(new Block()), callers);
            Within.await(impl.blocking);
            assertThat(call).isNotDone();
            impl.gate.countDown();
            assertThat(Within.get(call)).isEqualTo(1);
            int value = server.callWithoutTimeout(new Get());
            assertThat(value).isEqualTo(1);
        }
    }

    @Test
    void aServerCallingItselfGetsAnIllegalStateExceptionInsteadOfWaitingForever() {
        try (Node node = Node.start("call-self")) {
            GenServerRef<Req<?>, Void> server = GenServer.start(node, new Server());
            String answer = server.call(new CallMyself());
            assertThat(answer).contains("called itself").contains(server.pid().toString());
            assertThat(server.isAlive()).isTrue();
        }
    }

    @Test
    void aCallWhoseCallerHasGivenUpIsSkippedNotHandled() {
        try (Node node = Node.start("call-skip")) {
            Server impl = new Server();
            GenServerRef<Req<?>, Void> server = GenServer.start(node, impl);
            Sys.statistics(server, true);
            Sys.suspend(server);
            int timedOut = 3;
            for (int i = 0; i < timedOut; i++) {
                assertThatThrownBy(() -> server.call(new Get(), Duration.ofMillis(20)))
                        .isInstanceOf(CallTimeoutException.class);
            }
            Sys.resume(server);
            int value = server.call(new Get());

            assertThat(value).isZero();
            Statistics stats = Sys.statistics(server);
            assertThat(stats.skippedCalls()).isEqualTo(timedOut);
            assertThat(stats.calls()).isEqualTo(1);
            assertThat(impl.handled.get())
                    .as("handleCall ran only for the last call")
                    .isEqualTo(1);
        }
    }

    @Test
    void aCallTheServerSkipsJustBeforeItsCallerWakesStillTimesOut() {
        // The server may find a call's deadline passed before the caller's own wake-up does (a late wake-up on
        // a busy machine): the server gives the call up first. The caller must still get its timeout.
        TestClock clock = new TestClock();
        try (Node node = Node.start("call-skip-race", clock)) {
            Server impl = new Server();
            GenServerRef<Req<?>, Void> server = GenServer.start(node, impl);
            PendingCall<Integer> blocked = server.sendRequest(new Block());
            Within.await(impl.blocking);
            CompletableFuture<Integer> call =
                    CompletableFuture.supplyAsync(() -> server.call(new Get(), Duration.ofSeconds(1)), callers);
            Within.eventually(
                    "the call is queued and its caller parked",
                    () -> node.info(server.pid())
                                    .map(i -> i.mailboxLength() == 1)
                                    .orElse(false)
                            && clock.pending() == 1);

            clock.jump(Duration.ofSeconds(2)); // past the deadline; the caller is not woken yet
            impl.gate.countDown();
            assertThat(blocked.await(Within.WAIT)).isEqualTo(1);
            Within.eventually(
                    "the server skipped the call", () -> Sys.statistics(server).skippedCalls() == 1);
            clock.advance(Duration.ZERO); // now the caller wakes

            assertThatThrownBy(() -> Within.get(call)).isInstanceOf(CallTimeoutException.class);
            assertThat(impl.handled.get())
                    .as("only the blocking call was handled")
                    .isEqualTo(1);
        }
    }
}
