package io.otp4j.genserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.testing.Eventually;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A server's credits for its callers' polls (ADR 36) and for their yields after the poll: each is spent while the
 * callers catch replies, and tried rarely once they keep missing.
 */
class CallerPollTest {

    /** How many of {@code draws} calls would poll (or yield). */
    private static int polls(BooleanSupplier tries, int draws) {
        int polls = 0;
        for (int i = 0; i < draws; i++) {
            if (tries.getAsBoolean()) {
                polls++;
            }
        }
        return polls;
    }

    @Test
    void callersStopPollingAfterMissesInARowAndStartAgainAtTheFirstCatch() {
        try (Node node = Node.start("poll")) {
            Counter counter = Counter.start(node, 0);
            ServerCore core = counter.ref().core();
            spendsAndRestores(core::callerPolls, core::callerPolled);
            assertThat(counter.get()).as("the server still answers").isZero();
        }
    }

    @Test
    void callersStopYieldingAfterRepliesComeLaterThanTheYieldsAndStartAgainAtTheFirstCatch() {
        try (Node node = Node.start("poll")) {
            Counter counter = Counter.start(node, 0);
            ServerCore core = counter.ref().core();
            spendsAndRestores(core::callerYields, core::callerYielded);
            assertThat(polls(core::callerPolls, 1_000))
                    .as("the poll's own credit is untouched")
                    .isEqualTo(1_000);
            assertThat(counter.get()).as("the server still answers").isZero();
        }
    }

    /** A call that {@link Holder} keeps, for the test to answer. */
    private record Hold() implements Call<String> {}

    /** A server that answers no call itself: it hands each call's {@link From} to the test. */
    private static final class Holder implements GenServer<Integer, Hold, Object> {
        private final BlockingQueue<From> held;

        Holder(BlockingQueue<From> held) {
            this.held = held;
        }

        @Override
        public Init<Integer> init(ProcessContext self) {
            return Init.ok(0);
        }

        @Override
        public CallResult<Integer> handleCall(Hold request, From from, Integer calls) {
            held.add(from);
            return Results.noReply(calls + 1);
        }
    }

    @Test
    void callersOfAServerThatAnswersAfterTheYieldsStopYielding() throws Exception {
        assumeTrue(Spin.CALL_YIELDS > 0, "callers yield only on several carriers of the JDK's scheduler");
        BlockingQueue<From> held = new LinkedBlockingQueue<>();
        try (Node node = Node.start("late")) {
            GenServerRef<Hold, Object> holder = GenServer.start(node, new Holder(held));
            for (int i = 0; i < Spin.CREDIT; i++) {
                CompletableFuture<String> reply = new CompletableFuture<>();
                Thread caller = Thread.ofVirtual().start(() -> reply.complete(holder.call(new Hold())));
                From from = Objects.requireNonNull(held.poll(20, TimeUnit.SECONDS), "the call reached the server");
                Eventually.until(
                        () -> caller.getState() == Thread.State.WAITING
                                || caller.getState() == Thread.State.TIMED_WAITING,
                        "the caller parked, its yields done");
                from.reply((Hold) from.request, "late");
                assertThat(reply.get(20, TimeUnit.SECONDS)).isEqualTo("late");
            }
            assertThat(holder.core().callerYieldCredit)
                    .as("every reply came after the caller's yields")
                    .isZero();
        }
    }

    /** Spends the credit that {@code tries} reads with misses told to {@code outcome}, and restores it with a catch. */
    private static void spendsAndRestores(BooleanSupplier tries, Consumer<Boolean> outcome) {
        assertThat(polls(tries, 1_000)).as("a new server's callers try").isEqualTo(1_000);

        for (int i = 0; i < Spin.CREDIT - 1; i++) {
            outcome.accept(false);
        }
        assertThat(polls(tries, 1_000)).as("one miss short of the credit").isEqualTo(1_000);
        outcome.accept(true);
        for (int i = 0; i < Spin.CREDIT - 1; i++) {
            outcome.accept(false);
        }
        assertThat(polls(tries, 1_000)).as("a catch restores the whole credit").isEqualTo(1_000);

        outcome.accept(false);
        // About one call in 16 tries again: 62.5 of 1,000 expected, with a spread of about 8.
        assertThat(polls(tries, 1_000)).as("credit spent").isBetween(20, 150);
        outcome.accept(false); // misses below zero stay at zero
        assertThat(polls(tries, 1_000)).isBetween(20, 150);

        outcome.accept(true);
        assertThat(polls(tries, 1_000)).as("a catch while retrying").isEqualTo(1_000);
    }
}
