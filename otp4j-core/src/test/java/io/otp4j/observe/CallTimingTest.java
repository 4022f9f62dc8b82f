package io.otp4j.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Which calls are timed: every one, one in {@code n} at random, or none, as the observers' {@link
 * ProcessObserver#timeOneCallIn()} asks; each observer is told how often it was.
 */
class CallTimingTest {

    private static final int CALLS = 4_000;

    /** An observer of calls that keeps each {@link CallFinished} and asks for one call in {@code n} timed. */
    private static final class Calls implements ProcessObserver {
        private final int oneIn;
        final List<CallFinished> seen = new CopyOnWriteArrayList<>();

        Calls(int oneIn) {
            this.oneIn = oneIn;
        }

        @Override
        public int timeOneCallIn() {
            return oneIn;
        }

        @Override
        public void callFinished(CallFinished event) {
            seen.add(event);
        }

        long timed() {
            return seen.stream().filter(CallFinished::timed).count();
        }
    }

    private static GenServerRef<Echo.Req<?>, Echo.Cast> echo(Node node) {
        return GenServer.start(
                node, new Echo(() -> "none"), StartOptions.defaults().withName("echo"));
    }

    @Test
    void oneCallInNIsTimedAtRandomAndEveryCallIsTold() {
        try (Node node = Node.start("timing-sampled")) {
            Calls calls = new Calls(4);
            Observation.of(node).add(calls);
            GenServerRef<Echo.Req<?>, Echo.Cast> echo = echo(node);
            for (int i = 0; i < CALLS; i++) {
                echo.call(new Echo.Ping("p"));
            }

            assertThat(calls.seen).hasSize(CALLS).allSatisfy(c -> {
                assertThat(c.timedOneIn()).isEqualTo(4);
                assertThat(c.outcome()).isEqualTo(CallFinished.Outcome.REPLIED);
            });
            // 1,000 expected; the binomial spread is about 27, so this bound fails by chance about never.
            assertThat(calls.timed()).isBetween(800L, 1_200L);
            assertThat(calls.seen)
                    .filteredOn(c -> !c.timed())
                    .allSatisfy(c -> assertThat(c.nanos()).isEqualTo(CallFinished.UNTIMED));
            assertThat(calls.seen)
                    .filteredOn(CallFinished::timed)
                    .allSatisfy(c -> assertThat(c.nanos()).isNotNegative());
        }
    }

    @Test
    void theObserverThatAsksMostOftenSetsTheRateForAll() {
        try (Node node = Node.start("timing-least")) {
            Calls sampled = new Calls(8);
            Calls every = new Calls(1);
            Observation.of(node).add(sampled);
            Observation.of(node).add(every);
            GenServerRef<Echo.Req<?>, Echo.Cast> echo = echo(node);
            for (int i = 0; i < 100; i++) {
                echo.call(new Echo.Ping("p"));
            }

            assertThat(sampled.seen).hasSize(100).allSatisfy(c -> {
                assertThat(c.timed()).isTrue();
                assertThat(c.timedOneIn()).as("told that every call was timed").isEqualTo(1);
            });
            assertThat(every.timed()).isEqualTo(100);
        }
    }

    @Test
    void anObserverThatNeverWantsTheTimeGetsEveryCallUntimed() {
        try (Node node = Node.start("timing-none")) {
            Calls never = new Calls(Integer.MAX_VALUE);
            Observation.of(node).add(never);
            GenServerRef<Echo.Req<?>, Echo.Cast> echo = echo(node);
            for (int i = 0; i < 100; i++) {
                echo.call(new Echo.Ping("p"));
            }

            assertThat(never.seen).hasSize(100).allSatisfy(c -> {
                assertThat(c.timed()).isFalse();
                assertThat(c.timedOneIn()).isEqualTo(Integer.MAX_VALUE);
            });
        }
    }

    @Test
    void aRateBelowOneIsRefusedWhenTheObserverIsAdded() {
        try (Node node = Node.start("timing-bad")) {
            assertThatThrownBy(() -> Observation.of(node).add(new Calls(0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("timeOneCallIn() must be at least 1, was 0");
        }
    }
}
