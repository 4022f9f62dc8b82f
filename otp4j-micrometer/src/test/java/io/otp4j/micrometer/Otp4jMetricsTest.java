package io.otp4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerNotFoundException;
import io.otp4j.genserver.ServerType;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.ManualClock;
import io.otp4j.testkit.OtpTest;
import java.util.List;

/** The node's meters: processes, per-name mailbox and handled counts, call timers, restarts and crashes. */
class Otp4jMetricsTest {

    private static final ServerType<Counter.Get, Counter.Msg> COUNTER = ServerType.of(Counter.class);

    private static GenServerRef<Counter.Get, Counter.Msg> counter(Node node, String name) {
        return GenServer.start(node, new Counter(), StartOptions.defaults().withName(name));
    }

    private static double gauge(MeterRegistry registry, String name, String server) {
        return registry.get(name).tag("server", server).gauge().value();
    }

    @OtpTest
    void processesAliveFollowTheNode(Node node, ManualClock clock) {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (Otp4jMetrics metrics = Otp4jMetrics.bind(node, registry, Tags.of("app", "shop"))) {
            double before = registry.get("otp4j.processes")
                    .tag("node", node.name())
                    .tag("app", "shop")
                    .gauge()
                    .value();
            GenServerRef<Counter.Get, Counter.Msg> server = GenServer.start(node, new Counter());
            assertThat(registry.get("otp4j.processes").gauge().value()).isEqualTo(before + 1);
            server.stop();
            assertThat(registry.get("otp4j.processes").gauge().value()).isEqualTo(before);
            assertThat(metrics.node()).isSameAs(node);
        }
        assertThat(registry.getMeters()).as("close removes every meter").isEmpty();
    }

    @OtpTest
    void aNamedServersMailboxAndHandledCountAreReadFromTheNode(Node node, ManualClock clock) {
        MeterRegistry registry = new SimpleMeterRegistry();
        Otp4jMetrics metrics = Otp4jMetrics.bind(node, registry);
        GenServerRef<Counter.Get, Counter.Msg> server = counter(node, "counter");
        metrics.refresh();
        node.suspend(server.pid());
        for (int i = 0; i < 3; i++) {
            server.cast(new Counter.Inc());
        }
        Eventually.until(() -> gauge(registry, "otp4j.server.mailbox", "counter") == 3.0, "three messages waiting");
        node.resume(server.pid());
        assertThat(server.call(new Counter.Get())).isEqualTo(3);
        double handled = registry.get("otp4j.server.handled")
                .tag("server", "counter")
                .functionCounter()
                .count();
        assertThat(handled).isEqualTo(node.info(server.pid()).orElseThrow().messagesHandled());
        assertThat(handled).isGreaterThanOrEqualTo(4.0);
        assertThat(gauge(registry, "otp4j.server.mailbox", "counter")).isZero();

        // Restarted under the same name: the same series, whose count does not go back.
        server.stop();
        GenServerRef<Counter.Get, Counter.Msg> again = counter(node, "counter");
        again.call(new Counter.Get());
        assertThat(registry.get("otp4j.server.handled")
                        .tag("server", "counter")
                        .functionCounter()
                        .count())
                .isGreaterThan(handled);

        // Gone for good: its meters go at the next scrape.
        again.stop();
        registry.get("otp4j.processes").gauge().value();
        assertThat(registry.find("otp4j.server.mailbox")
                        .tag("server", "counter")
                        .gauge())
                .isNull();
        metrics.close();
    }

    @OtpTest
    void callsAreTimedByServerNameAndOutcome(Node node, ManualClock clock) {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (Otp4jMetrics metrics = Otp4jMetrics.bind(node, registry)) {
            GenServerRef<Counter.Get, Counter.Msg> named = counter(node, "counter");
            GenServerRef<Counter.Get, Counter.Msg> unnamed = GenServer.start(node, new Counter());
            named.call(new Counter.Get());
            named.call(new Counter.Get());
            unnamed.call(new Counter.Get());
            GenServerRef<Counter.Get, Counter.Msg> nobody = GenServerRef.named(node, "nobody", COUNTER);
            assertThatThrownBy(() -> nobody.call(new Counter.Get())).isInstanceOf(ServerNotFoundException.class);

            FunctionTimer replied = registry.get("otp4j.calls")
                    .tag("server", "counter")
                    .tag("outcome", "replied")
                    .functionTimer();
            assertThat(replied.count()).isEqualTo(2);
            assertThat(registry.get("otp4j.calls")
                            .tag("server", "unnamed")
                            .tag("outcome", "replied")
                            .functionTimer()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("otp4j.calls")
                            .tag("server", "other")
                            .tag("outcome", "noproc")
                            .functionTimer()
                            .count())
                    .as("a name nobody holds does not become a tag value")
                    .isEqualTo(1);
            assertThat(registry.find("otp4j.calls").tag("server", "nobody").functionTimer())
                    .isNull();
            assertThat(metrics.toString()).contains(node.name());
        }
    }

    @OtpTest
    void namesOverTheLimitShareOneTagValue(Node node, ManualClock clock) {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (Otp4jMetrics metrics = Otp4jMetrics.bind(node, registry, List.of(), 1)) {
            GenServerRef<Counter.Get, Counter.Msg> first = counter(node, "first");
            first.call(new Counter.Get());
            GenServerRef<Counter.Get, Counter.Msg> second = counter(node, "second");
            second.call(new Counter.Get());
            metrics.refresh();
            assertThat(registry.find("otp4j.server.mailbox").gauges()).hasSize(1);
            assertThat(registry.get("otp4j.calls")
                            .tag("server", "first")
                            .functionTimer()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("otp4j.calls")
                            .tag("server", "other")
                            .functionTimer()
                            .count())
                    .isEqualTo(1);
        }
    }

    @OtpTest
    void restartsAndCrashesAreCounted(Node node, ManualClock clock) {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (Otp4jMetrics ignored = Otp4jMetrics.bind(node, registry)) {
            Supervisor supervisor = Supervisor.start(
                    node,
                    SupervisorFlags.oneForOne(),
                    List.of(ChildSpec.worker(
                            "c", Counter::new, StartOptions.defaults().withName("child"))),
                    StartOptions.defaults().withName("sup"));
            Pid first = node.whereis("child").orElseThrow();
            GenServerRef.named(node, "child", COUNTER).cast(new Counter.Crash());
            Eventually.until(
                    () -> node.whereis("child")
                            .filter(pid -> !pid.equals(first))
                            .isPresent(),
                    "the child restarted");
            Eventually.until(
                    () -> registry.find("otp4j.supervisor.restarts")
                                            .tag("supervisor", "sup")
                                            .counter()
                                    != null
                            && registry.get("otp4j.supervisor.restarts")
                                            .tag("supervisor", "sup")
                                            .counter()
                                            .count()
                                    == 1.0,
                    "one restart counted");
            assertThat(registry.get("otp4j.process.crashes")
                            .tag("reason", "crash")
                            .counter()
                            .count())
                    .isEqualTo(1.0);

            supervisor.stop();
            assertThat(registry.find("otp4j.process.crashes")
                            .tag("reason", "shutdown")
                            .counter())
                    .as("an orderly shutdown is no crash")
                    .isNull();
            assertThat(registry.get("otp4j.process.crashes").counters()).hasSize(1);
        }
    }

    @OtpTest
    void abnormalReasonsAreTaggedByKind(Node node, ManualClock clock) {
        assertThat(MetricsObserver.abnormalKind(ExitReason.normal())).isNull();
        assertThat(MetricsObserver.abnormalKind(ExitReason.shutdown("bye"))).isNull();
        assertThat(MetricsObserver.abnormalKind(ExitReason.crash(new RuntimeException())))
                .isEqualTo("crash");
        assertThat(MetricsObserver.abnormalKind(ExitReason.killed())).isEqualTo("killed");
        assertThat(MetricsObserver.abnormalKind(ExitReason.custom("x"))).isEqualTo("custom");
        assertThat(MetricsObserver.abnormalKind(ExitReason.noconnection())).isEqualTo("noconnection");
        assertThat(MetricsObserver.abnormalKind(ExitReason.noproc())).isEqualTo("noproc");
    }

    @OtpTest
    void badArgumentsAreRefusedWithTheProblemNamed(Node node, ManualClock clock) {
        MeterRegistry registry = new SimpleMeterRegistry();
        assertThatThrownBy(() -> Otp4jMetrics.bind(node, registry, List.of(), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxNames must not be negative");
        assertThatThrownBy(() -> Otp4jMetrics.bind(node, registry, List.of(Tag.of("node", "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the tag \"node\"");
        assertThat(registry.getMeters()).as("a refused bind leaves no meter").isEmpty();
    }
}
