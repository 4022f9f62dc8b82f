package io.otp4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.StartOptions;
import io.otp4j.observe.CallFinished;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The call timer's figures: every call counted, the total estimated from the calls timed. */
class CallStatsTest {

    private static CallFinished call(Pid server, long nanos, int timedOneIn) {
        return new CallFinished(server, "s", String.class, nanos, timedOneIn, CallFinished.Outcome.REPLIED);
    }

    @Test
    void aTimedCallCountsForAsManyCallsAsOneInHowManyWasTimed() {
        try (Node node = Node.start("stats")) {
            CallStats stats = new CallStats();
            stats.add(call(node.pid(), 1_000, 10));
            for (int i = 0; i < 9; i++) {
                stats.add(call(node.pid(), CallFinished.UNTIMED, 10));
            }
            stats.add(call(node.pid(), 500, 1));

            assertThat(stats.count()).isEqualTo(11);
            assertThat(stats.totalNanos()).isEqualTo(10_500.0);
        }
    }

    @Test
    void anAbsurdTimeIsBoundedRatherThanWrapped() {
        try (Node node = Node.start("stats-absurd")) {
            CallStats stats = new CallStats();
            stats.add(call(node.pid(), Long.MAX_VALUE / 2, 1_000));
            assertThat(stats.totalNanos()).isPositive();
        }
    }

    @Test
    void boundToTimeEveryCallTheTimerCountsAndTimesEach() {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (Node node = Node.start("stats-every");
                Otp4jMetrics metrics = Otp4jMetrics.bind(node, registry, List.of(), 10, 1)) {
            GenServerRef<Counter.Get, Counter.Msg> counter =
                    GenServer.start(node, new Counter(), StartOptions.defaults().withName("counter"));
            for (int i = 0; i < 50; i++) {
                counter.call(new Counter.Get());
            }
            FunctionTimer timer = registry.get("otp4j.calls")
                    .tag("server", "counter")
                    .tag("outcome", "replied")
                    .functionTimer();
            assertThat(timer.count()).isEqualTo(50.0);
            assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(metrics.toString()).contains("stats-every");
        }
    }
}
