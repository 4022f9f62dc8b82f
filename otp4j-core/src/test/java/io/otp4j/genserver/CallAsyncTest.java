package io.otp4j.genserver;

import static io.otp4j.genserver.Results.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.testing.TestClock;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * {@link GenServerRef#callAsync}: a call from plain code that does not block its thread, completed with the reply
 * or exceptionally with what {@code call} would have thrown, on a virtual thread of its own.
 */
class CallAsyncTest {

    /** A server that calls itself without waiting, and answers with what it got back later. */
    static final class SelfCaller implements GenServer<Integer, SelfCaller.Req<?>, NoCast> {
        sealed interface Req<R> extends Call<R> {}

        record Get() implements Req<Integer> {}

        record CallMyselfAsync() implements Req<Boolean> {}

        final CompletableFuture<CompletionStage<Integer>> own = new CompletableFuture<>();
        private @org.jspecify.annotations.Nullable GenServerRef<Req<?>, NoCast> me;

        @Override
        public Init<Integer> init(ProcessContext self) {
            me = GenServerRef.of(self.self(), ServerType.of(SelfCaller.class)).orElseThrow();
            return Init.ok(42);
        }

        @Override
        public CallResult<Integer> handleCall(Req<?> request, From from, Integer n) {
            return switch (request) {
                case Get get -> reply(get, n, n);
                case CallMyselfAsync call -> {
                    own.complete(java.util.Objects.requireNonNull(me).callAsync(new Get()));
                    yield reply(call, true, n);
                }
            };
        }
    }

    @Test
    void itReturnsAtOnceAndCompletesWithTheReplyOnAVirtualThreadOfItsOwn() {
        try (Node node = Node.start("async-reply")) {
            Box box = new Box();
            GenServerRef<Box.Req<?>, Box.Msg> server = GenServer.start(node, box);

            CompletionStage<Integer> blocked = server.callAsync(new Box.Block());
            Within.await(box.blocking);
            CompletableFuture<Thread> completedOn =
                    blocked.thenApply(value -> Thread.currentThread()).toCompletableFuture();
            assertThat(blocked.toCompletableFuture())
                    .as("the server has not replied yet")
                    .isNotDone();
            box.gate.countDown();

            // The dependent stage first: a thread that waits on the call's own stage (get, join) may help run its
            // dependents, as CompletableFuture lets any waiter do, and this one is a platform thread.
            Thread thread = Within.get(completedOn);
            assertThat(thread.isVirtual()).isTrue();
            assertThat(thread.getName()).isEqualTo("otp4j-call-async");
            assertThat(Within.get(blocked.toCompletableFuture())).isZero();
        }
    }

    @Test
    void theRequestIsSentBeforeItReturnsInOrderWithTheCallersOtherMessages() {
        try (Node node = Node.start("async-order")) {
            GenServerRef<Box.Req<?>, Box.Msg> server = GenServer.start(node, new Box());
            CompletionStage<Integer> before = server.callAsync(new Box.Get());
            server.cast(new Box.Add(5));
            CompletionStage<Integer> after = server.callAsync(new Box.Get(), Within.WAIT);

            assertThat(Within.get(before.toCompletableFuture())).isZero();
            assertThat(Within.get(after.toCompletableFuture())).isEqualTo(5);
        }
    }

    @Test
    void noReplyInTimeCompletesItWithACallTimeout() {
        TestClock clock = new TestClock();
        try (Node node = Node.start("async-timeout", clock)) {
            Box box = new Box();
            GenServerRef<Box.Req<?>, Box.Msg> server = GenServer.start(node, box);
            Box.Hold request = new Box.Hold("never answered");
            Duration timeout = Duration.ofSeconds(1);

            CompletionStage<String> stage = server.callAsync(request, timeout);
            Box.Held held = box.held();
            clock.advance(Duration.ofSeconds(2)); // past the deadline, taken when callAsync was called

            assertThatThrownBy(() -> Within.get(stage.toCompletableFuture()))
                    .isInstanceOfSatisfying(CallTimeoutException.class, e -> {
                        assertThat(e.request()).isSameAs(request);
                        assertThat(e.timeout()).isEqualTo(timeout);
                        assertThat(e.server()).isEqualTo(server.pid());
                    });
            assertThat(held.from().reply(held.request(), "too late")).isFalse();
        }
    }

    @Test
    void onTheSystemClockTheTimeoutCompletesItOnAVirtualThreadNotTheClocks() {
        try (Node node = Node.start("async-timeout-system")) {
            Box box = new Box();
            GenServerRef<Box.Req<?>, Box.Msg> server = GenServer.start(node, box);
            Box.Hold request = new Box.Hold("never answered");

            CompletionStage<String> stage = server.callAsync(request, Duration.ofMillis(200));
            CompletableFuture<Thread> completedOn =
                    stage.handle((value, error) -> Thread.currentThread()).toCompletableFuture();
            Box.Held held = box.held();

            assertThatThrownBy(() -> Within.get(stage.toCompletableFuture()))
                    .isInstanceOfSatisfying(
                            CallTimeoutException.class,
                            e -> assertThat(e.request()).isSameAs(request));
            Thread thread = Within.get(completedOn);
            // Added after the stage completed (200 ms is long, but a machine may stall), a dependent runs here.
            assertThat(thread.isVirtual() || thread == Thread.currentThread()).isTrue();
            assertThat(thread.getName()).isNotEqualTo("otp4j-timeouts");
            assertThat(held.from().reply(request, "too late")).isFalse();
        }
    }

    @Test
    void aCrashCompletesItWithTheServersExit() {
        try (Node node = Node.start("async-crash")) {
            GenServerRef<Box.Req<?>, Box.Msg> server = GenServer.start(node, new Box());

            CompletionStage<Integer> stage = server.callAsync(new Box.Crash("bad input"));

            assertThatThrownBy(() -> Within.get(stage.toCompletableFuture()))
                    .isInstanceOfSatisfying(ServerExitedException.class, e -> {
                        assertThat(e.reason()).isInstanceOf(ExitReason.Crash.class);
                        assertThat(e.getCause()).hasMessage("bad input");
                    });
        }
    }

    @Test
    void aServerAlreadyGoneCompletesItWithNoprocAndANameNobodyHoldsWithServerNotFound() {
        try (Node node = Node.start("async-gone")) {
            GenServerRef<Box.Req<?>, Box.Msg> server = GenServer.start(node, new Box());
            server.stop(ExitReason.shutdown("gone"), Within.WAIT);

            CompletionStage<Integer> stage = server.callAsync(new Box.Get());
            CompletionStage<Integer> byName =
                    GenServerRef.named(node, "nobody", Box.TYPE).callAsync(new Box.Get());

            assertThatThrownBy(() -> Within.get(stage.toCompletableFuture()))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.noproc()));
            assertThatThrownBy(() -> Within.get(byName.toCompletableFuture()))
                    .isInstanceOf(ServerNotFoundException.class);
        }
    }

    @Test
    void cancellingTheStageGivesTheCallUp() {
        try (Node node = Node.start("async-cancel")) {
            Box box = new Box();
            GenServerRef<Box.Req<?>, Box.Msg> server = GenServer.start(node, box);
            PendingCall<Integer> blocked = server.sendRequest(new Box.Block());
            Within.await(box.blocking);

            CompletionStage<Integer> stage = server.callAsync(new Box.Get());
            assertThat(stage.toCompletableFuture().cancel(false)).isTrue();
            box.gate.countDown();

            assertThat(blocked.await(Within.WAIT)).isZero();
            assertThat(server.call(new Box.Get())).isZero();
            assertThat(Sys.statistics(server).skippedCalls())
                    .as("the server skipped the call given up")
                    .isEqualTo(1);
            assertThatThrownBy(() -> stage.toCompletableFuture().join()).isInstanceOf(CancellationException.class);
        }
    }

    @Test
    void aServerMayCallItselfThisWayAsItDoesNotWait() {
        try (Node node = Node.start("async-self")) {
            SelfCaller impl = new SelfCaller();
            GenServerRef<SelfCaller.Req<?>, NoCast> server = GenServer.start(node, impl);

            assertThat(server.call(new SelfCaller.CallMyselfAsync())).isTrue();
            assertThat(Within.get(Within.get(impl.own).toCompletableFuture())).isEqualTo(42);
        }
    }

    @Test
    @SuppressWarnings("NullAway") // passing null on purpose
    void badArgumentsAreRefusedAtOnce() {
        try (Node node = Node.start("async-bad")) {
            GenServerRef<Box.Req<?>, Box.Msg> server = GenServer.start(node, new Box());
            assertThatThrownBy(() -> server.callAsync(new Box.Get(), Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> server.callAsync(null)).isInstanceOf(NullPointerException.class);
        }
    }
}
