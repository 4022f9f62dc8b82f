package io.otp4j.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessBody;
import io.otp4j.testkit.OtpTest;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The consumer supervisor starts one child per event, runs at most {@code maxDemand} at once, gives demand
 * back as children end, and treats crashes as documented: temporary children are not restarted, transient
 * ones are restarted with their event, and too many restarts shut the supervisor down.
 */
class ConsumerSupervisorTest {

    record Started(int event, Pid child) {}

    record Release() {}

    /** A child that says it started, then waits to be released, then exits normally. */
    private static Function<Integer, ProcessBody> waitingChild(Pid probe) {
        return event -> self -> {
            self.send(probe, new Started(event, self.self()));
            self.receive(Release.class);
        };
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @OtpTest
    void demandBoundsHowManyChildrenRun(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> producer = GenStage.fromIterable(node, range(10));
        StageRef<?, ?> supervisor = ConsumerSupervisor.start(
                node,
                waitingChild(probe.pid()),
                ConsumerSupervisor.Options.defaults()
                        .subscribeTo(
                                producer,
                                SubscribeOptions.defaults().withDemand(2, 3).withCancel(CancelMode.TRANSIENT)));
        List<Started> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            started.add(probe.expectMessage(Started.class));
        }
        probe.expectNoMessage(Duration.ofMillis(200)); // max demand 3: no fourth child while three run
        assertThat(ConsumerSupervisor.countChildren(supervisor)).isEqualTo(3);
        // The first three children run at once, so their Started messages may arrive in any order; from here
        // on one child starts per release, in event order.
        started.sort(java.util.Comparator.comparingInt(Started::event));
        assertThat(started).extracting(Started::event).containsExactly(0, 1, 2);

        // max - min = 1: each child that ends gives one slot back.
        List<Integer> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Started next = started.remove(0);
            events.add(next.event());
            node.send(next.child(), new Release());
            if (i + 3 < 10) {
                started.add(probe.expectMessage(Started.class));
            }
            assertThat(started.size()).isLessThanOrEqualTo(3);
        }
        assertThat(events).containsExactlyElementsOf(range(10));
    }

    @OtpTest
    void aTemporaryChildThatCrashesIsNotRestartedAndItsSlotComesBack(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> producer = GenStage.fromIterable(node, range(6));
        Function<Integer, ProcessBody> child = event -> self -> {
            self.send(probe.pid(), new Started(event, self.self()));
            if (event == 2) {
                throw new IllegalStateException("event 2 fails");
            }
        };
        StageRef<?, ?> supervisor = ConsumerSupervisor.start(
                node,
                child,
                ConsumerSupervisor.Options.defaults()
                        .subscribeTo(
                                producer,
                                SubscribeOptions.defaults().withMaxDemand(1).withCancel(CancelMode.TRANSIENT)));
        List<Integer> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(probe.expectMessage(Started.class).event());
        }
        assertThat(events).containsExactlyElementsOf(range(6)); // one at a time, the crash gave its slot back
        probe.expectNoMessage(Duration.ofMillis(100)); // event 2 was not retried
        assertThat(supervisor.isAlive()).isTrue();
    }

    @OtpTest
    void aTransientChildThatCrashesIsRestartedWithItsEvent(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> producer = GenStage.fromIterable(node, range(4));
        Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();
        Function<Integer, ProcessBody> child = event -> self -> {
            self.send(probe.pid(), new Started(event, self.self()));
            if (event == 1
                    && attempts.computeIfAbsent(event, e -> new AtomicInteger()).incrementAndGet() == 1) {
                throw new IllegalStateException("the first try of event 1 fails");
            }
            self.exit(ExitReason.shutdown()); // an orderly exit: done, not restarted
        };
        StageRef<?, ?> supervisor = ConsumerSupervisor.start(
                node,
                child,
                ConsumerSupervisor.Options.defaults()
                        .withRestart(ConsumerSupervisor.Restart.TRANSIENT)
                        .subscribeTo(
                                producer,
                                SubscribeOptions.defaults().withMaxDemand(1).withCancel(CancelMode.TRANSIENT)));
        List<Integer> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(probe.expectMessage(Started.class).event());
        }
        assertThat(events).containsExactly(0, 1, 1, 2, 3);
        probe.expectNoMessage(Duration.ofMillis(100));
        assertThat(supervisor.isAlive()).isTrue();
    }

    @OtpTest
    void tooManyRestartsShutTheSupervisorDownAndItsProducerSeesItGo(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> producer = GenStage.start(node, new Counter());
        Function<Integer, ProcessBody> child = event -> self -> {
            throw new IllegalStateException("always fails: " + event);
        };
        StageRef<?, ?> supervisor = ConsumerSupervisor.start(
                node,
                child,
                ConsumerSupervisor.Options.defaults()
                        .withRestart(ConsumerSupervisor.Restart.TRANSIENT)
                        .withIntensity(2, Duration.ofMinutes(1))
                        .subscribeTo(
                                producer,
                                SubscribeOptions.defaults().withMaxDemand(1).withCancel(CancelMode.TRANSIENT)));
        probe.watch(supervisor.pid());
        probe.expectDown(supervisor.pid(), ExitReason.shutdown());
        Probes.within(Duration.ofSeconds(3), () -> producer.statistics().consumers() == 0);
        assertThat(producer.isAlive()).isTrue();
    }

    @OtpTest
    void whenTheSupervisorExitsItsChildrenAreShutDown(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> producer = GenStage.fromIterable(node, range(2));
        StageRef<?, ?> supervisor = ConsumerSupervisor.start(
                node,
                waitingChild(probe.pid()),
                ConsumerSupervisor.Options.defaults()
                        .subscribeTo(
                                producer,
                                SubscribeOptions.defaults().withMaxDemand(2).withCancel(CancelMode.TRANSIENT)));
        Started first = probe.expectMessage(Started.class);
        Started second = probe.expectMessage(Started.class);
        probe.watch(first.child());
        probe.watch(second.child());
        supervisor.stop(ExitReason.shutdown(), Duration.ofSeconds(5));
        // The two children end concurrently: their Downs may come in either order.
        List<io.otp4j.process.Down> downs = List.of(
                probe.expectMessage(io.otp4j.process.Down.class), probe.expectMessage(io.otp4j.process.Down.class));
        assertThat(downs)
                .extracting(io.otp4j.process.Down::pid)
                .containsExactlyInAnyOrder(first.child(), second.child());
        assertThat(downs).extracting(io.otp4j.process.Down::reason).containsOnly(ExitReason.shutdown());
    }

    @OtpTest
    void badOptionsAreRefused(Node node) {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> ConsumerSupervisor.Options.defaults().withIntensity(-1, Duration.ofSeconds(1)))
                .withMessageContaining("maxRestarts")
                .withMessageContaining("-1");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> ConsumerSupervisor.Options.defaults().withIntensity(1, Duration.ZERO))
                .withMessageContaining("period");
    }
}
