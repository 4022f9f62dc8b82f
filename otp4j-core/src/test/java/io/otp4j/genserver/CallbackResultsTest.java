package io.otp4j.genserver;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;
import static io.otp4j.genserver.Results.stop;
import static io.otp4j.genserver.Results.stopReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.testing.TestClock;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * What each callback may return, and what the server does next: reply, noReply, stop and stopReply from
 * handleCall; noReply and stop from handleCast and handleInfo; continue, inactivity timeout and hibernate.
 */
class CallbackResultsTest {

    /** The state: a value and what happened to it, in order. */
    record State(int value, List<String> events) {
        State(int value) {
            this(value, List.of());
        }

        State then(int newValue, String event) {
            List<String> next = new ArrayList<>(events);
            next.add(event);
            return new State(newValue, List.copyOf(next));
        }
    }

    sealed interface Req<R> extends Call<R> {}

    record Get() implements Req<Integer> {}

    record Events() implements Req<List<String>> {}

    record Set(int value) implements Req<Integer> {} // replies with the old value

    record Later() implements Req<Integer> {} // no reply now: the From is handed to the test

    record Halt(ExitReason reason) implements Req<Integer> {}

    record HaltWith(ExitReason reason, int reply) implements Req<Integer> {}

    record SetThenContinue(int value, String argument) implements Req<Integer> {}

    record SetThenIdle(int value, Duration after) implements Req<Integer> {}

    record SetThenHibernate(int value) implements Req<Integer> {}

    sealed interface Msg {}

    record Add(int n) implements Msg {}

    record CastHalt(ExitReason reason) implements Msg {}

    record CastIdle(Duration after) implements Msg {}

    record CastHibernate(int n) implements Msg {}

    /** A record of a call left unanswered, for the test to answer. */
    record Deferred(Later request, From from) {}

    /** The server under test; {@code init} returns what the test gave it. */
    static final class Cell implements GenServer<State, Req<?>, Msg> {
        final Init<State> init;
        final CountDownLatch continueGate;
        final LinkedBlockingQueue<Deferred> deferred = new LinkedBlockingQueue<>();
        final CountDownLatch timedOut = new CountDownLatch(1);
        final CompletableFuture<ExitReason> terminated = new CompletableFuture<>();
        final CompletableFuture<State> terminatedWith = new CompletableFuture<>();

        Cell(Init<State> init) {
            this(init, new CountDownLatch(0));
        }

        Cell(Init<State> init, CountDownLatch continueGate) {
            this.init = init;
            this.continueGate = continueGate;
        }

        @Override
        public Init<State> init(ProcessContext self) {
            return init;
        }

        @Override
        public CallResult<State> handleCall(Req<?> request, From from, State s) {
            return switch (request) {
                case Get get -> reply(get, s.value(), s);
                case Events events -> reply(events, s.events(), s);
                case Set set -> reply(set, s.value(), s.then(set.value(), "set " + set.value()));
                case Later later -> {
                    deferred.add(new Deferred(later, from));
                    yield noReply(s.then(s.value(), "later"));
                }
                case Halt halt -> stop(halt.reason(), s.then(s.value(), "halt"));
                case HaltWith halt -> stopReply(halt.reason(), halt, halt.reply(), s.then(s.value(), "halt-with"));
                case SetThenContinue set ->
                    reply(set, s.value(), s.then(set.value(), "set " + set.value()))
                            .thenContinue(set.argument());
                case SetThenIdle set ->
                    reply(set, s.value(), s.then(set.value(), "set " + set.value()))
                            .withTimeout(set.after());
                case SetThenHibernate set ->
                    reply(set, s.value(), s.then(set.value(), "set " + set.value()))
                            .hibernate();
            };
        }

        @Override
        public Result<State> handleCast(Msg message, State s) {
            return switch (message) {
                case Add add -> noReply(s.then(s.value() + add.n(), "add " + add.n()));
                case CastHalt halt -> stop(halt.reason(), s.then(s.value(), "cast-halt"));
                case CastIdle idle -> noReply(s.then(s.value(), "idle")).withTimeout(idle.after());
                case CastHibernate h ->
                    noReply(s.then(s.value() + h.n(), "add " + h.n())).hibernate();
            };
        }

        @Override
        public Result<State> handleInfo(Object message, State s) {
            if (message == InactivityTimeout.INSTANCE) {
                timedOut.countDown();
                return noReply(s.then(s.value(), "timeout"));
            }
            if (message instanceof Integer n) {
                return noReply(s.then(s.value() + n, "info " + n));
            }
            if (message.equals("halt")) {
                return stop(ExitReason.custom("info-halt"), s.then(s.value(), "info-halt"));
            }
            return noReply(s.then(s.value(), "info ?"));
        }

        @Override
        public Result<State> handleContinue(Object argument, State s) throws InterruptedException {
            continueGate.await();
            return noReply(s.then(s.value() + 1000, "continue " + argument));
        }

        @Override
        public void terminate(ExitReason reason, State s) {
            terminatedWith.complete(s);
            terminated.complete(reason);
        }
    }

    // ------------------------------------------------------------------ handleCall

    @Test
    void replyAnswersTheCallerAndKeepsTheNewState() {
        try (Node node = Node.start("cb-reply")) {
            GenServerRef<Req<?>, Msg> cell = GenServer.start(node, new Cell(Init.ok(new State(1))));
            int old = cell.call(new Set(7));
            int now = cell.call(new Get());
            assertThat(old).isEqualTo(1);
            assertThat(now).isEqualTo(7);
        }
    }

    @Test
    void noReplyLeavesTheCallerWaitingUntilTheFromIsAnswered() throws Exception {
        try (Node node = Node.start("cb-noreply")) {
            Cell server = new Cell(Init.ok(new State(1)));
            GenServerRef<Req<?>, Msg> cell = GenServer.start(node, server);
            PendingCall<Integer> later = cell.sendRequest(new Later());
            Deferred deferred = Within.get(CompletableFuture.supplyAsync(() -> take(server)));

            // The server went on to other requests while the first caller still waits.
            int value = cell.call(new Get());
            assertThat(value).isEqualTo(1);
            assertThat(later.check()).isEmpty();

            assertThat(deferred.from().reply(deferred.request(), 42)).isTrue();
            assertThat(later.await(Within.WAIT)).isEqualTo(42);
            List<String> events = cell.call(new Events());
            assertThat(events).containsExactly("later");
        }
    }

    @Test
    void stopFromHandleCallRunsTerminateAndFailsTheCallWithTheReason() {
        try (Node node = Node.start("cb-stop")) {
            Cell server = new Cell(Init.ok(new State(3)));
            GenServerRef<Req<?>, Msg> cell = GenServer.start(node, server);
            CompletableFuture<Down> down = Within.watch(node, cell.pid());
            ExitReason reason = ExitReason.custom("enough");

            assertThatThrownBy(() -> cell.call(new Halt(reason)))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isEqualTo(reason));
            assertThat(Within.get(server.terminated)).isEqualTo(reason);
            assertThat(Within.get(server.terminatedWith).events()).containsExactly("halt");
            assertThat(Within.get(down).reason()).isEqualTo(reason);
        }
    }

    @Test
    void stopReplyAnswersTheCallerThenStops() {
        try (Node node = Node.start("cb-stopreply")) {
            Cell server = new Cell(Init.ok(new State(3)));
            GenServerRef<Req<?>, Msg> cell = GenServer.start(node, server);
            CompletableFuture<Down> down = Within.watch(node, cell.pid());
            ExitReason reason = ExitReason.shutdown("done");

            int reply = cell.call(new HaltWith(reason, 99));

            assertThat(reply).isEqualTo(99);
            assertThat(Within.get(server.terminated)).isEqualTo(reason);
            assertThat(Within.get(down).reason()).isEqualTo(reason);
            assertThat(cell.isAlive()).isFalse();
        }
    }

    // ------------------------------------------------------------------ handleCast and handleInfo

    @Test
    void castAndInfoGoOnWithTheirNewState() {
        try (Node node = Node.start("cb-cast-info")) {
            GenServerRef<Req<?>, Msg> cell = GenServer.start(node, new Cell(Init.ok(new State(0))));
            cell.cast(new Add(5));
            node.send(cell.pid(), 10);
            cell.cast(new Add(1));
            int value = cell.call(new Get());
            List<String> events = cell.call(new Events());
            assertThat(value).isEqualTo(16);
            assertThat(events).containsExactly("add 5", "info 10", "add 1");
        }
    }

    @Test
    void stopFromHandleCastEndsTheServerWithTheReason() {
        try (Node node = Node.start("cb-cast-stop")) {
            Cell server = new Cell(Init.ok(new State(0)));
            GenServerRef<Req<?>, Msg> cell = GenServer.start(node, server);
            CompletableFuture<Down> down = Within.watch(node, cell.pid());
            cell.cast(new CastHalt(ExitReason.custom("cast-said-so")));
            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.custom("cast-said-so"));
            assertThat(Within.get(server.terminated)).isEqualTo(ExitReason.custom("cast-said-so"));
        }
    }

    @Test
    void stopFromHandleInfoEndsTheServerWithTheReason() {
        try (Node node = Node.start("cb-info-stop")) {
            Cell server = new Cell(Init.ok(new State(0)));
            GenServerRef<Req<?>, Msg> cell = GenServer.start(node, server);
            CompletableFuture<Down> down = Within.watch(node, cell.pid());
            node.send(cell.pid(), "halt");
            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.custom("info-halt"));
            assertThat(Within.get(server.terminatedWith).events()).containsExactly("info-halt");
        }
    }

    // ------------------------------------------------------------------ continue

    @Test
    void aContinueFromInitRunsBeforeAnyMessage() {
        try (Node node = Node.start("cb-continue")) {
            CountDownLatch gate = new CountDownLatch(1);
            Cell server = new Cell(Init.ok(new State(0)).thenContinue("setup"), gate);
            GenServerRef<Req<?>, Msg> cell = GenServer.start(node, server); // returns before the continue ends
            cell.cast(new Add(1)); // queued while the continue is held up
            PendingCall<Integer> get = cell.sendRequest(new Get());
            gate.countDown();

            assertThat(get.await(Within.WAIT)).isEqualTo(1001);
            List<String> events = cell.call(new Events());
            assertThat(events).containsExactly("continue setup", "add 1");
        }
    }

    @Test
    void aCallRightAfterStartSeesTheContinue() {
        try (Node node = Node.start("cb-continue-call")) {
            GenServerRef<Req<?>, Msg> cell =
                    GenServer.start(node, new Cell(Init.ok(new State(0)).thenContinue("x")));
            int value = cell.call(new Get());
            assertThat(value).isEqualTo(1000);
        }
    }

    @Test
    void aContinueAfterAReplyRunsBeforeTheNextMessage() {
        try (Node node = Node.start("cb-continue-reply")) {
            GenServerRef<Req<?>, Msg> cell = GenServer.start(node, new Cell(Init.ok(new State(0))));
            Sys.statistics(cell, true);
            int old = cell.call(new SetThenContinue(5, "after-set"));
            int value = cell.call(new Get());
            List<String> events = cell.call(new Events());
            assertThat(old).isZero();
            assertThat(value).isEqualTo(1005);
            assertThat(events).containsExactly("set 5", "continue after-set");
            assertThat(Sys.statistics(cell).continues()).isEqualTo(1);
        }
    }

    // ------------------------------------------------------------------ inactivity timeout

    @Test
    void anInactivityTimeoutDeliversTheTimeoutMessageWhenNothingComes() {
        TestClock clock = new TestClock();
        try (Node node = Node.start("cb-timeout", clock)) {
            Cell server = new Cell(Init.ok(new State(0)).withTimeout(Duration.ofSeconds(1)));
            GenServerRef<Req<?>, Msg> cell = GenServer.start(node, server);
            Within.eventually("the server waits with a timeout", () -> clock.pending() == 1);

            clock.advance(Duration.ofMillis(999));
            assertThat(server.timedOut.getCount()).as("not yet timed out").isEqualTo(1);
            clock.advance(Duration.ofMillis(1));

            Within.await(server.timedOut);
            List<String> events = cell.call(new Events());
            assertThat(events).containsExactly("timeout");
        }
    }

    @Test
    void aMessageThatComesFirstCancelsTheInactivityTimeout() {
        TestClock clock = new TestClock();
        try (Node node = Node.start("cb-timeout-cancel", clock)) {
            Cell server = new Cell(Init.ok(new State(0)).withTimeout(Duration.ofSeconds(1)));
            GenServerRef<Req<?>, Msg> cell = GenServer.start(node, server);
            Within.eventually("the server waits with a timeout", () -> clock.pending() == 1);

            cell.cast(new Add(1)); // handleCast returns no timeout
            Within.eventually("the server's wake-up is cancelled", () -> clock.pending() == 0);
            clock.advance(Duration.ofSeconds(10));

            List<String> events = cell.call(new Events());
            assertThat(events).containsExactly("add 1");
            assertThat(server.timedOut.getCount()).isEqualTo(1);
        }
    }

    @Test
    void eachCallbackMayAskForATimeoutAgain() {
        TestClock clock = new TestClock();
        try (Node node = Node.start("cb-timeout-again", clock)) {
            Cell server = new Cell(Init.ok(new State(0)));
            GenServerRef<Req<?>, Msg> cell = GenServer.start(node, server);
            cell.cast(new CastIdle(Duration.ofSeconds(2)));
            Within.eventually("the server waits with a timeout", () -> clock.pending() == 1);
            clock.advance(Duration.ofSeconds(2));
            Within.await(server.timedOut);
            List<String> events = cell.call(new Events());
            assertThat(events).containsExactly("idle", "timeout");
        }
    }

    @Test
    void anInactivityTimeoutOnTheRealClock() {
        try (Node node = Node.start("cb-timeout-real")) {
            Cell server = new Cell(Init.ok(new State(0)));
            GenServerRef<Req<?>, Msg> cell = GenServer.start(node, server);
            int old = cell.call(new SetThenIdle(3, Duration.ofMillis(50)));
            Within.await(server.timedOut);
            List<String> events = cell.call(new Events());
            assertThat(old).isZero();
            assertThat(events).containsExactly("set 3", "timeout");
        }
    }

    @Test
    void aDebuggingRequestDoesNotCancelTheInactivityTimeout() {
        TestClock clock = new TestClock();
        try (Node node = Node.start("cb-timeout-sys", clock)) {
            Cell server = new Cell(Init.ok(new State(0)).withTimeout(Duration.ofSeconds(1)));
            GenServerRef<Req<?>, Msg> cell = GenServer.start(node, server);
            Within.eventually("the server waits with a timeout", () -> clock.pending() == 1);

            // As in OTP, a system message is not one of the server's messages: looking at a server must not
            // change what it does. The timeout starts over, since the wait was interrupted.
            assertThat(Sys.getState(cell)).isEqualTo(new State(0));
            Within.eventually("the server waits with a timeout again", () -> clock.pending() == 1);
            clock.advance(Duration.ofSeconds(1));

            Within.await(server.timedOut);
        }
    }

    // ------------------------------------------------------------------ hibernate

    @Test
    void aHibernatingServerKeepsWorking() {
        try (Node node = Node.start("cb-hibernate")) {
            GenServerRef<Req<?>, Msg> cell =
                    GenServer.start(node, new Cell(Init.ok(new State(1)).hibernate()));
            int first = cell.call(new SetThenHibernate(2));
            cell.cast(new CastHibernate(3));
            int value = cell.call(new Get());
            assertThat(first).isEqualTo(1);
            assertThat(value).isEqualTo(5);
            assertThat(cell.isAlive()).isTrue();
        }
    }

    private static Deferred take(Cell server) {
        try {
            Deferred d = server.deferred.poll(Within.WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (d == null) {
                throw new AssertionError("the server deferred no call");
            }
            return d;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
