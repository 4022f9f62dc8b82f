package io.otp4j.testkit;

import static io.otp4j.genserver.Results.noReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.InactivityTimeout;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.testkit.Effect.Hibernated;
import io.otp4j.testkit.Effect.Ignored;
import io.otp4j.testkit.Effect.InfoHandled;
import io.otp4j.testkit.Effect.Stopped;
import io.otp4j.testkit.Effect.TimeoutSet;
import io.otp4j.testkit.Effect.TimerCancelled;
import io.otp4j.testkit.Effect.TimerSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** GenServerHarness: each kind of effect, stops and crashes, time, and what it refuses. */
class GenServerHarnessTest {

    @Test
    void initRunsInARealProcessThatTrapsExits() {
        try (var h = GenServerHarness.start(new Ticker())) {
            assertThat(h.node().info(h.pid()).orElseThrow().trapExits()).isTrue();
            assertThat(h.state().ticks()).isZero(); // the continue ran before start returned
            assertThat(h.state().self().self()).isEqualTo(h.pid());
        }
    }

    @Test
    void aCancelledTimerIsRecordedAndNeverFires() {
        try (var h = GenServerHarness.start(new Ticker())) {
            h.cast(new Ticker.Start());
            TimerSet set = (TimerSet) h.newEffects().get(1);
            h.advance(Duration.ofSeconds(4));
            h.cast(new Ticker.Pause());
            assertThat(h.newEffects()).containsExactly(new TimerCancelled(set.timer(), new Ticker.Tick()));
            h.advance(Duration.ofMinutes(1));
            assertThat(h.newEffects()).isEmpty();
            assertThat(h.call(new Ticker.Ticks())).isZero();
        }
    }

    @Test
    void advanceFiresEachTimerInTurnAndTheServerRearmsIt() {
        try (var h = GenServerHarness.start(new Ticker())) {
            h.cast(new Ticker.Start());
            h.advance(Duration.ofSeconds(17)); // ticks at 5, 10, 15; the next is due at 20
            assertThat(h.call(new Ticker.Ticks())).isEqualTo(3);
            assertThat(h.effects().stream()
                            .filter(e -> e instanceof InfoHandled)
                            .count())
                    .isEqualTo(3);
            assertThat(h.clock().nanoTime()).isEqualTo(Duration.ofSeconds(17).toNanos());
            h.advance(Duration.ofSeconds(3));
            assertThat(h.call(new Ticker.Ticks())).isEqualTo(4);
        }
    }

    @Test
    void anInactivityTimeoutExpiresOnlyIfNoMessageCameFirst() {
        Ticker ticker = new Ticker();
        try (var h = GenServerHarness.start(ticker)) {
            assertThat(h.call(new Ticker.Rest())).isEqualTo("resting");
            assertThat(h.newEffects()).endsWith(new TimeoutSet(Ticker.IDLE));

            h.advance(Duration.ofSeconds(29));
            h.send("a stray message"); // cancels the timeout
            h.advance(Duration.ofMinutes(5));
            assertThat(h.isStopped()).isFalse();

            h.call(new Ticker.Rest());
            h.advance(Ticker.IDLE);
            assertThat(h.newEffects())
                    .containsSubsequence(new InfoHandled(InactivityTimeout.INSTANCE), new Stopped(ExitReason.normal()));
            assertThat(h.stopReason()).isEqualTo(ExitReason.normal());
            assertThat(ticker.terminated).containsExactly(ExitReason.normal());
            assertThat(h.node().isAlive(h.pid())).isFalse();
        }
    }

    @Test
    void aCallbackThatThrowsCrashesTheServerAfterTerminate() {
        Ticker ticker = new Ticker();
        try (var h = GenServerHarness.start(ticker)) {
            PendingReply<Integer> waiting = h.callDeferred(new Ticker.NextTick());
            h.cast(new Ticker.Fail("boom"));

            ExitReason reason = h.stopReason();
            assertThat(reason)
                    .isInstanceOfSatisfying(
                            ExitReason.Crash.class,
                            c -> assertThat(c.cause())
                                    .isInstanceOf(IllegalStateException.class)
                                    .hasMessage("boom"));
            assertThat(ticker.terminated).containsExactly(reason);
            assertThat(waiting.failure()).isEqualTo(reason);
            assertThatThrownBy(waiting::expectReply)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("stopped with");
            assertThatThrownBy(() -> h.call(new Ticker.Ticks()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the server stopped with");
        }
    }

    @Test
    void callOfADeferredReplyFailsSayingNoneCameYet() {
        try (var h = GenServerHarness.start(new Ticker())) {
            assertThatThrownBy(() -> h.call(new Ticker.NextTick()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("none came yet");
        }
    }

    @Test
    void stopRunsTerminateWithTheReason() {
        Ticker ticker = new Ticker();
        try (var h = GenServerHarness.start(ticker)) {
            h.stop(ExitReason.shutdown());
            assertThat(ticker.terminated).containsExactly(ExitReason.shutdown());
            assertThat(h.newEffects()).endsWith(new Stopped(ExitReason.shutdown()));
        }
    }

    record Hello() {}

    /** A server whose init ignores, stops or throws, as told, and which hibernates when it runs. */
    record Starter(String how) implements GenServer<String, Call<?>, Object> {
        @Override
        public Init<String> init(ProcessContext self) {
            return switch (how) {
                case "ignore" -> Init.ignore();
                case "stop" -> Init.stop(ExitReason.custom("no config"));
                case "throw" -> throw new IllegalArgumentException("bad config");
                default -> Init.ok("running").hibernate();
            };
        }

        @Override
        public Result<String> handleInfo(Object message, String state) {
            return noReply(state + " " + message);
        }
    }

    @Test
    void initsThatDoNotRunAreRecorded() {
        try (var h = GenServerHarness.start(new Starter("ignore"))) {
            assertThat(h.effects()).containsExactly(new Ignored());
            assertThatThrownBy(h::state).isInstanceOf(IllegalStateException.class);
        }
        try (var h = GenServerHarness.start(new Starter("stop"))) {
            assertThat(h.effects()).containsExactly(new Stopped(ExitReason.custom("no config")));
        }
        try (var h = GenServerHarness.start(new Starter("throw"))) {
            assertThat(h.stopReason()).isInstanceOf(ExitReason.Crash.class);
        }
        try (var h = GenServerHarness.start(new Starter("run"))) {
            assertThat(h.effects()).containsExactly(new Hibernated());
            h.send(new Hello());
            assertThat(h.state()).isEqualTo("running Hello[]");
        }
    }

    @Test
    void messagesTheServerSendsItselfAreHandledBeforeTheStepReturns() {
        List<Object> seen = new ArrayList<>();
        GenServer<Integer, Call<?>, Object> echo = new GenServer<>() {
            private @Nullable ProcessContext self;

            @Override
            public Init<Integer> init(ProcessContext self) {
                this.self = self;
                return Init.ok(0);
            }

            @Override
            public Result<Integer> handleInfo(Object message, Integer n) {
                seen.add(message);
                ProcessContext me = Objects.requireNonNull(self);
                if (n < 3) {
                    me.send(me.self(), "again " + n);
                }
                return noReply(n + 1);
            }
        };
        try (var h = GenServerHarness.start(echo)) {
            h.send("first");
            assertThat(seen).containsExactly("first", "again 0", "again 1", "again 2");
            assertThat(h.drainMailbox()).isZero();
        }
    }

    @Test
    void refusesANodeWithoutAManualClockAndBadInput() {
        try (Node node = Node.start("harness-real-clock")) {
            assertThatThrownBy(() -> GenServerHarness.start(node, new Ticker()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ManualClock");
        }
        try (var h = GenServerHarness.start(new Ticker())) {
            assertThatThrownBy(() -> h.advance(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot go back");
            assertThatThrownBy(() -> h.cast(nothing()))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("request");
        }
    }

    @SuppressWarnings("NullAway") // a null on purpose
    private static Ticker.Cmd nothing() {
        return null;
    }

    @Test
    void runsOnANodeTheTestGives() {
        try (Node node = Node.start("harness-given", new ManualClock())) {
            try (var h = GenServerHarness.start(node, new Ticker())) {
                assertThat(h.node()).isSameAs(node);
            }
            assertThat(node.isClosed()).isFalse();
        }
    }
}
