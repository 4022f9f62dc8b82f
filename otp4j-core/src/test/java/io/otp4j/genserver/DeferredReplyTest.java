package io.otp4j.genserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.Box.CastCrash;
import io.otp4j.genserver.Box.Held;
import io.otp4j.genserver.Box.Hold;
import io.otp4j.genserver.Box.Msg;
import io.otp4j.genserver.Box.Req;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.testing.TestClock;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deferred replies: handleCall returns noReply, keeps the From, and someone answers later. */
class DeferredReplyTest {

    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void anotherProcessRepliesLaterAndTheCallerGetsIt() {
        try (Node node = Node.start("deferred")) {
            Box box = new Box();
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, box);
            CompletableFuture<String> call =
                    CompletableFuture.supplyAsync(() -> server.call(new Hold("job"), Duration.ofSeconds(30)), callers);
            Held held = box.held();

            CompletableFuture<Boolean> replied =
                    Within.spawn(node, self -> held.from().reply(held.request(), "done by " + self.self()));

            assertThat(Within.get(replied)).isTrue();
            assertThat(Within.get(call)).startsWith("done by <deferred.");
            assertThat(held.from().isWaiting()).isFalse();
        }
    }

    @Test
    void aSecondReplyIsRefusedAndTheFirstStands() {
        try (Node node = Node.start("deferred-twice")) {
            Box box = new Box();
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, box);
            PendingCall<String> call = server.sendRequest(new Hold("once"));
            Held held = box.held();

            assertThat(held.from().reply(held.request(), "first")).isTrue();
            assertThatThrownBy(() -> held.from().reply(held.request(), "second"))
                    .isInstanceOf(DuplicateReplyException.class)
                    .hasMessageContaining(held.request().toString());
            assertThat(call.await(Within.WAIT)).isEqualTo("first");
        }
    }

    @Test
    void aReplyWithAnotherRequestIsRefused() {
        try (Node node = Node.start("deferred-wrong")) {
            Box box = new Box();
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, box);
            PendingCall<String> first = server.sendRequest(new Hold("first"));
            PendingCall<String> second = server.sendRequest(new Hold("second"));
            Held one = box.held();
            Held two = box.held();

            assertThatThrownBy(() -> one.from().reply(two.request(), "crossed"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("second")
                    .hasMessageContaining("first");
            assertThat(one.from().isWaiting())
                    .as("a refused reply answers nothing")
                    .isTrue();

            one.from().reply(one.request(), "for first");
            two.from().reply(two.request(), "for second");
            assertThat(first.await(Within.WAIT)).isEqualTo("for first");
            assertThat(second.await(Within.WAIT)).isEqualTo("for second");
        }
    }

    @Test
    void theServerDyingFailsItsDeferredCallsAtOnceWithItsReason() {
        try (Node node = Node.start("deferred-dies")) {
            Box box = new Box();
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, box);
            CompletableFuture<String> crashed =
                    CompletableFuture.supplyAsync(() -> server.call(new Hold("a"), Duration.ofSeconds(30)), callers);
            box.held();
            Box other = new Box();
            GenServerRef<Req<?>, Msg> stopped = GenServer.start(node, other);
            CompletableFuture<String> stopping =
                    CompletableFuture.supplyAsync(() -> stopped.call(new Hold("b"), Duration.ofSeconds(30)), callers);
            Held late = other.held();
            long start = System.nanoTime();

            server.cast(new CastCrash("gone mid-call"));
            stopped.stop(ExitReason.shutdown(), Within.WAIT);

            assertThatThrownBy(() -> Within.get(crashed))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason())
                                    .isInstanceOfSatisfying(
                                            ExitReason.Crash.class,
                                            c -> assertThat(c.cause()).hasMessage("gone mid-call")));
            assertThatThrownBy(() -> Within.get(stopping))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.shutdown()));
            assertThat(Within.since(start)).isLessThan(Within.WAIT);
            assertThat(late.from().reply(late.request(), "too late")).isFalse();
        }
    }

    @Test
    void aDeferredCallWhoseCallerGaveUpLeavesTheServersBookkeeping() {
        // The node's clock decides when a caller gives up, so each call is held (deferred) before it times out,
        // however slowly a loaded machine runs the server.
        TestClock clock = new TestClock();
        try (Node node = Node.start("deferred-given-up", clock)) {
            Box box = new Box();
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, box);
            for (int i = 0; i < 20; i++) {
                String tag = "late-" + i;
                CompletableFuture<String> call =
                        Within.spawn(node, self -> server.call(new Hold(tag), Duration.ofMillis(20)));
                Held held = box.held();
                Within.eventually("the caller sleeps until its deadline", () -> clock.pending() == 1);
                clock.advance(Duration.ofMillis(30));
                assertThatThrownBy(() -> Within.get(call)).isInstanceOf(CallTimeoutException.class);
                assertThat(held.from().reply(held.request(), "too late")).isFalse();
            }
            // No deferred call is left behind: the set does not grow with calls whose callers timed out.
            assertThat(server.core().deferredCount()).isZero();
        }
    }

    @Test
    void awaitingAPendingCallNeedsAPositiveTimeout() {
        try (Node node = Node.start("deferred-await")) {
            Box box = new Box();
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, box);
            PendingCall<String> call = server.sendRequest(new Hold("x"));
            assertThatThrownBy(() -> call.await(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("positive");
            call.cancel();
        }
    }
}
