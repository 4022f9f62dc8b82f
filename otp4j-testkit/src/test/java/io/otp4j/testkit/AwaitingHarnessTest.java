package io.otp4j.testkit;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.Results;
import io.otp4j.process.ExitReason;
import io.otp4j.process.ProcessContext;
import io.otp4j.testkit.Effect.Awaited;
import io.otp4j.testkit.Effect.InfoHandled;
import io.otp4j.testkit.Effect.Replied;
import org.junit.jupiter.api.Test;

/**
 * GenServerHarness with a callback whose result awaits a message ({@code Results.awaiting}): the harness takes only
 * that message, runs {@code then} with it as the server loop does, and handles the messages that waited after it.
 */
class AwaitingHarnessTest {

    sealed interface Req<R> extends Call<R> {}

    /** Answered once a {@link Fetched} for the key comes. */
    record Fetch(String key) implements Req<String> {}

    /** The same, with a {@code then} that throws. */
    record FetchBroken(String key) implements Req<String> {}

    /** What a fetch awaits. */
    record Fetched(String key, String value) {}

    /** Casts that await a {@link Fetched}: one whose {@code then} counts it, one whose {@code then} replies. */
    sealed interface Cast {}

    record Count() implements Cast {}

    record ReplyToNobody() implements Cast {}

    /** Counts what it was answered; handles other messages as plain infos. */
    static final class Fetcher implements GenServer<Integer, Req<?>, Cast> {
        @Override
        public Init<Integer> init(ProcessContext self) {
            return Init.ok(0);
        }

        @Override
        public CallResult<Integer> handleCall(Req<?> request, From from, Integer answered) {
            return switch (request) {
                case Fetch fetch ->
                    Results.awaiting(
                            answered,
                            m -> m instanceof Fetched f && f.key().equals(fetch.key()),
                            m -> reply(fetch, ((Fetched) m).value(), answered + 1));
                case FetchBroken broken ->
                    Results.awaiting(answered, m -> m instanceof Fetched, m -> {
                        throw new IllegalStateException("then broke on " + m);
                    });
            };
        }

        @Override
        public Result<Integer> handleCast(Cast request, Integer answered) {
            return switch (request) {
                case Count count -> Results.awaiting(answered, m -> m instanceof Fetched, m -> noReply(answered + 1));
                case ReplyToNobody nobody ->
                    Results.awaiting(answered, m -> m instanceof Fetched, m -> reply(new Fetch("x"), "v", answered));
            };
        }

        @Override
        public Result<Integer> handleInfo(Object message, Integer answered) {
            return noReply(answered);
        }
    }

    @Test
    void aCallWhoseResultAwaitsIsAnsweredOnceItsMessageComesAndTheOthersFollowInOrder() {
        try (var h = GenServerHarness.start(new Fetcher())) {
            Fetch fetch = new Fetch("k");
            PendingReply<String> pending = h.callDeferred(fetch);
            assertThat(h.isAwaiting()).isTrue();
            assertThat(pending.isReplied()).isFalse();

            h.send("before");
            h.send(new Fetched("other", "x"));
            assertThat(h.isAwaiting()).isTrue();
            h.newEffects();
            h.send(new Fetched("k", "v"));

            assertThat(pending.expectReply()).isEqualTo("v");
            assertThat(h.isAwaiting()).isFalse();
            assertThat(h.newEffects())
                    .containsExactly(
                            new Awaited(new Fetched("k", "v")),
                            new Replied(fetch, "v", false),
                            new InfoHandled("before"),
                            new InfoHandled(new Fetched("other", "x")));
            assertThat(h.state()).isEqualTo(1);
        }
    }

    @Test
    void anAnswerSentByAnotherProcessIsTakenByTheNextDrain() {
        try (var h = GenServerHarness.start(new Fetcher())) {
            PendingReply<String> pending = h.callDeferred(new Fetch("k"));
            // As a store's committer answers a durable server: straight into the mailbox, between two steps.
            h.node().send(h.pid(), new Fetched("k", "v"));
            assertThat(h.isAwaiting()).isTrue();

            assertThat(h.drainMailbox()).isEqualTo(1);
            assertThat(pending.expectReply()).isEqualTo("v");
            assertThat(h.isAwaiting()).isFalse();
        }
    }

    @Test
    void aCastAwaitsToo() {
        try (var h = GenServerHarness.start(new Fetcher())) {
            h.cast(new Count());
            assertThat(h.isAwaiting()).isTrue();
            h.send(new Fetched("k", "v"));
            assertThat(h.isAwaiting()).isFalse();
            assertThat(h.state()).isEqualTo(1);
        }
    }

    @Test
    void callsAndCastsAreRefusedWhileTheServerAwaits() {
        try (var h = GenServerHarness.start(new Fetcher())) {
            h.callDeferred(new Fetch("k"));
            assertThatThrownBy(() -> h.call(new Fetch("other")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot call Fetch[key=other]")
                    .hasMessageContaining("awaits a message");
            assertThatThrownBy(() -> h.cast(new Count()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot cast Count[]");
        }
    }

    @Test
    void aThenThatThrowsCrashesTheServerAndFailsTheCallThatAwaited() {
        try (var h = GenServerHarness.start(new Fetcher())) {
            PendingReply<String> pending = h.callDeferred(new FetchBroken("k"));
            h.send(new Fetched("k", "v"));

            assertThat(h.stopReason())
                    .isInstanceOfSatisfying(
                            ExitReason.Crash.class, c -> assertThat(c.cause()).hasMessageContaining("then broke"));
            assertThat(pending.failure()).isEqualTo(h.stopReason());
        }
    }

    @Test
    void anAwaitedResultThatRepliesWithNoCallerCrashesTheServer() {
        try (var h = GenServerHarness.start(new Fetcher())) {
            h.cast(new ReplyToNobody());
            h.send(new Fetched("k", "v"));

            assertThat(h.stopReason())
                    .isInstanceOfSatisfying(
                            ExitReason.Crash.class,
                            c -> assertThat(c.cause())
                                    .isInstanceOf(IllegalStateException.class)
                                    .hasMessageContaining("no caller to reply to"));
        }
    }

    @Test
    void aStopWhileAwaitingFailsTheCallThatAwaited() {
        try (var h = GenServerHarness.start(new Fetcher())) {
            PendingReply<String> pending = h.callDeferred(new Fetch("k"));
            h.stop(ExitReason.shutdown());

            assertThat(pending.failure()).isEqualTo(ExitReason.shutdown());
            assertThat(h.isAwaiting()).isFalse();
        }
    }
}
