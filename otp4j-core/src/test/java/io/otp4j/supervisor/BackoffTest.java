package io.otp4j.supervisor;

import static io.otp4j.supervisor.SupervisorTest.pidOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Restart back-off with jitter, on the node's clock. */
class BackoffTest extends TreeTest {

    private static Backoff noJitter() {
        return Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(4))
                .withJitter(0)
                .withResetAfter(Duration.ofSeconds(10));
    }

    private static ChildStatus status(Supervisor sup, String id) {
        return sup.whichChildren().stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElseThrow()
                .status();
    }

    /** Kills a child and returns once the supervisor has its Exit (links fire before monitors). */
    private void kill(Supervisor sup, String id) {
        var down = SupervisorTest.watch(node, pidOf(sup, id));
        node.exit(pidOf(sup, id), ExitReason.kill());
        try {
            SupervisorTest.await(down);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Kills the child, then checks it stays down until {@code delay} has passed, and comes back then. */
    private void crashAndExpectRestartAfter(Supervisor sup, Duration delay) {
        kill(sup, "a");
        assertThat(status(sup, "a")).isEqualTo(ChildStatus.RESTARTING);
        clock.advance(delay.minusMillis(1));
        assertThat(status(sup, "a")).isEqualTo(ChildStatus.RESTARTING); // a call: a due restart would come first
        events.expectNone();
        clock.advance(Duration.ofMillis(1));
        events.expect("start a");
        assertThat(status(sup, "a")).isEqualTo(ChildStatus.RUNNING); // the supervisor has recorded the start
    }

    @Test
    void delaysGrowByTheFactorUpToTheMaximum() {
        SupervisorFlags flags = SupervisorFlags.oneForOne()
                .withIntensity(100, Duration.ofSeconds(5))
                .withBackoff(noJitter());
        Supervisor sup = Supervisor.start(node, flags, List.of(Worker.spec("a", events)));
        events.expect("start a");
        crashAndExpectRestartAfter(sup, Duration.ofSeconds(1));
        crashAndExpectRestartAfter(sup, Duration.ofSeconds(2));
        crashAndExpectRestartAfter(sup, Duration.ofSeconds(4));
        crashAndExpectRestartAfter(sup, Duration.ofSeconds(4)); // capped
    }

    @Test
    void aStablePeriodResetsTheDelay() {
        SupervisorFlags flags = SupervisorFlags.oneForOne()
                .withIntensity(100, Duration.ofSeconds(5))
                .withBackoff(noJitter());
        Supervisor sup = Supervisor.start(node, flags, List.of(Worker.spec("a", events)));
        events.expect("start a");
        crashAndExpectRestartAfter(sup, Duration.ofSeconds(1));
        crashAndExpectRestartAfter(sup, Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(10)); // ran for the stable period
        crashAndExpectRestartAfter(sup, Duration.ofSeconds(1));
    }

    @Test
    void siblingsStopAtOnceAndStartAfterTheDelay() {
        SupervisorFlags flags = SupervisorFlags.restForOne().withBackoff(noJitter());
        Supervisor sup = Supervisor.start(
                node, flags, List.of(Worker.spec("a", events), Worker.spec("b", events), Worker.spec("c", events)));
        events.expect("start a", "start b", "start c");
        kill(sup, "b");
        events.expect("stop c");
        assertThat(sup.whichChildren())
                .extracting(ChildInfo::status)
                .containsExactly(ChildStatus.RUNNING, ChildStatus.RESTARTING, ChildStatus.RESTARTING);
        clock.advance(Duration.ofSeconds(1));
        events.expect("start b", "start c");
    }

    @Test
    void aFailedStartIsTriedAgainAfterAGrowingDelay() {
        AtomicBoolean down = new AtomicBoolean(false);
        ChildSpec flaky = ChildSpec.of("a", s -> {
            if (down.get()) {
                throw new IllegalStateException("database unreachable");
            }
            return StartResult.ok(s.spawnLink(self -> {
                events.add("start a");
                self.receive();
            }));
        });
        SupervisorFlags flags = SupervisorFlags.oneForOne()
                .withIntensity(100, Duration.ofSeconds(5))
                .withBackoff(noJitter());
        Supervisor sup = Supervisor.start(node, flags, List.of(flaky));
        events.expect("start a");
        down.set(true);
        kill(sup, "a");
        assertThat(status(sup, "a")).isEqualTo(ChildStatus.RESTARTING);
        clock.advance(Duration.ofSeconds(1)); // first try: fails
        assertThat(status(sup, "a")).isEqualTo(ChildStatus.RESTARTING); // a call after the try
        clock.advance(Duration.ofSeconds(2)); // second try: fails
        assertThat(status(sup, "a")).isEqualTo(ChildStatus.RESTARTING);
        assertThat(log.about("io.otp4j.supervisor", "start error")).hasSize(2);
        down.set(false);
        clock.advance(Duration.ofMillis(3999));
        assertThat(status(sup, "a")).isEqualTo(ChildStatus.RESTARTING);
        events.expectNone();
        clock.advance(Duration.ofMillis(1)); // third try, after 4 s: works
        events.expect("start a");
    }

    @Test
    void terminatingARestartingChildCancelsItsRestart() {
        SupervisorFlags flags = SupervisorFlags.oneForOne().withBackoff(noJitter());
        Supervisor sup = Supervisor.start(node, flags, List.of(Worker.spec("a", events)));
        events.expect("start a");
        kill(sup, "a");
        assertThat(status(sup, "a")).isEqualTo(ChildStatus.RESTARTING);
        sup.terminateChild("a");
        clock.advance(Duration.ofSeconds(10));
        assertThat(status(sup, "a")).isEqualTo(ChildStatus.NOT_RUNNING);
        events.expectNone();
        sup.deleteChild("a");
    }

    @Test
    void restartsStillCountAgainstTheIntensity() throws Exception {
        SupervisorFlags flags = SupervisorFlags.oneForOne()
                .withIntensity(1, Duration.ofSeconds(60))
                .withBackoff(noJitter());
        Supervisor sup = Supervisor.start(node, flags, List.of(Worker.spec("a", events)));
        events.expect("start a");
        var down = SupervisorTest.watch(node, sup.pid());
        crashAndExpectRestartAfter(sup, Duration.ofSeconds(1));
        Pid a = pidOf(sup, "a");
        node.exit(a, ExitReason.kill());
        assertThat(SupervisorTest.await(down).reason()).isEqualTo(ExitReason.shutdown());
    }

    @Test
    void jitterOnlyShortensADelayAndFollowsTheRandomSource() {
        RandomGenerator half = new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return 0.5;
            }
        };
        Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(8))
                .withJitter(0.2)
                .withRandom(half);
        assertThat(backoff.delayNanos(0)).isEqualTo(900_000_000L); // 1 s less a tenth
        assertThat(backoff.delayNanos(2)).isEqualTo(3_600_000_000L); // 4 s less a tenth
        assertThat(backoff.delayNanos(10)).isEqualTo(7_200_000_000L); // capped at 8 s, less a tenth

        Backoff seeded = backoff.withRandom(new SplittableRandom(42));
        for (int failures = 0; failures < 20; failures++) {
            long nominal = Math.min(8_000_000_000L, 1_000_000_000L << Math.min(failures, 10));
            assertThat(seeded.delayNanos(failures)).isBetween((long) (nominal * 0.8), nominal);
        }
        Backoff same1 = backoff.withRandom(new SplittableRandom(7));
        Backoff same2 = backoff.withRandom(new SplittableRandom(7));
        for (int i = 0; i < 5; i++) {
            assertThat(same1.delayNanos(i)).isEqualTo(same2.delayNanos(i));
        }
    }

    @Test
    void badBackoffsAreRefused() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min must be positive, was PT0S");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max must be at least its min");
        assertThatThrownBy(() -> noJitter().withFactor(0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factor must be at least 1, was 0.5");
        assertThatThrownBy(() -> noJitter().withJitter(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jitter must be between 0 and 1, was 1.5");
        assertThatThrownBy(() -> noJitter().withFactor(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
