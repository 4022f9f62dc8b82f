package io.otp4j.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.testkit.OtpTest;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cancellation propagates as each cancel mode says: when the producer exits or cancels, the consumer's
 * handleCancel runs, then a permanent consumer exits with the same reason, a transient one only if the reason
 * is abnormal, a temporary one never. And a producer forgets a consumer that exits or cancels.
 */
class CancelModeTest {

    private static final ExitReason BOOM = ExitReason.custom("boom");

    /** How the subscription ends. */
    enum Ending {
        PRODUCER_EXITS_NORMAL,
        PRODUCER_EXITS_SHUTDOWN,
        PRODUCER_EXITS_ABNORMAL,
        PRODUCER_CANCELS_NORMAL,
        PRODUCER_CANCELS_ABNORMAL
    }

    static List<Arguments> cases() {
        // mode, ending, the consumer's exit reason or null if it stays alive
        return List.of(
                Arguments.of(CancelMode.PERMANENT, Ending.PRODUCER_EXITS_NORMAL, ExitReason.normal()),
                Arguments.of(CancelMode.PERMANENT, Ending.PRODUCER_EXITS_SHUTDOWN, ExitReason.shutdown()),
                Arguments.of(CancelMode.PERMANENT, Ending.PRODUCER_EXITS_ABNORMAL, BOOM),
                Arguments.of(CancelMode.PERMANENT, Ending.PRODUCER_CANCELS_NORMAL, ExitReason.normal()),
                Arguments.of(CancelMode.PERMANENT, Ending.PRODUCER_CANCELS_ABNORMAL, BOOM),
                Arguments.of(CancelMode.TRANSIENT, Ending.PRODUCER_EXITS_NORMAL, null),
                Arguments.of(CancelMode.TRANSIENT, Ending.PRODUCER_EXITS_SHUTDOWN, null),
                Arguments.of(CancelMode.TRANSIENT, Ending.PRODUCER_EXITS_ABNORMAL, BOOM),
                Arguments.of(CancelMode.TRANSIENT, Ending.PRODUCER_CANCELS_NORMAL, null),
                Arguments.of(CancelMode.TRANSIENT, Ending.PRODUCER_CANCELS_ABNORMAL, BOOM),
                Arguments.of(CancelMode.TEMPORARY, Ending.PRODUCER_EXITS_NORMAL, null),
                Arguments.of(CancelMode.TEMPORARY, Ending.PRODUCER_EXITS_SHUTDOWN, null),
                Arguments.of(CancelMode.TEMPORARY, Ending.PRODUCER_EXITS_ABNORMAL, null),
                Arguments.of(CancelMode.TEMPORARY, Ending.PRODUCER_CANCELS_NORMAL, null),
                Arguments.of(CancelMode.TEMPORARY, Ending.PRODUCER_CANCELS_ABNORMAL, null));
    }

    @ParameterizedTest(name = "{0} consumer, {1}")
    @MethodSource("cases")
    void consumerFollowsItsCancelMode(CancelMode mode, Ending ending, ExitReason expectedExit) {
        try (Node node = Node.start("cancel")) {
            TestProbe probe = TestProbe.spawn(node);
            StageRef<?, ?> producer = GenStage.start(node, new Counter());
            StageRef<?, ?> consumer = GenStage.start(node, Reporter.automatic(probe.pid()));
            probe.watch(consumer.pid());
            Subscription subscription = GenStage.subscribe(
                    consumer,
                    producer,
                    SubscribeOptions.defaults().withMaxDemand(5).withCancel(mode));
            Probes.next(probe, Reporter.Subscribed.class);
            Probes.next(probe, Reporter.Batch.class); // events flow

            ExitReason reason = switch (ending) {
                case PRODUCER_EXITS_NORMAL, PRODUCER_CANCELS_NORMAL -> ExitReason.normal();
                case PRODUCER_EXITS_SHUTDOWN -> ExitReason.shutdown();
                case PRODUCER_EXITS_ABNORMAL, PRODUCER_CANCELS_ABNORMAL -> BOOM;
            };
            boolean exits = ending.name().startsWith("PRODUCER_EXITS");
            if (exits) {
                producer.stop(reason, Duration.ofSeconds(5));
            } else {
                GenStage.cancel(subscription, reason);
            }
            Reporter.Cancelled cancelled = Probes.next(probe, Reporter.Cancelled.class);
            assertThat(cancelled.reason())
                    .isEqualTo(new CancelReason(exits ? CancelReason.Kind.DOWN : CancelReason.Kind.CANCEL, reason));

            if (expectedExit != null) {
                probe.expectDown(consumer.pid(), expectedExit);
            } else {
                assertThat(consumer.statistics().producers()).isZero(); // a call: it is alive and served
                assertThat(consumer.isAlive()).isTrue();
                if (!exits) {
                    assertThat(producer.statistics().consumers()).isZero();
                }
            }
        }
    }

    @OtpTest
    void producerForgetsAConsumerThatExits(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> producer = GenStage.start(node, new Counter());
        StageRef<?, ?> consumer = GenStage.start(node, Reporter.automatic(probe.pid()));
        GenStage.subscribe(consumer, producer, SubscribeOptions.defaults().withMaxDemand(3));
        Probes.next(probe, Reporter.Batch.class);
        assertThat(producer.statistics().consumers()).isEqualTo(1);
        consumer.stop(ExitReason.shutdown(), Duration.ofSeconds(5));
        Probes.within(Duration.ofSeconds(3), () -> producer.statistics().consumers() == 0);
        assertThat(producer.isAlive()).isTrue();
    }

    @OtpTest
    void aConsumerCancellingItsOwnPermanentSubscriptionExitsLikeGenStage(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> producer = GenStage.start(node, new Counter());
        StageRef<?, ?> consumer = GenStage.start(node, Reporter.automatic(probe.pid()));
        probe.watch(consumer.pid());
        Subscription subscription = GenStage.subscribe(
                consumer, producer, SubscribeOptions.defaults().withMaxDemand(3));
        GenStage.cancel(subscription, ExitReason.shutdown());
        Reporter.Cancelled cancelled = Probes.next(probe, Reporter.Cancelled.class);
        assertThat(cancelled.reason().kind()).isEqualTo(CancelReason.Kind.CANCEL);
        probe.expectDown(consumer.pid(), ExitReason.shutdown());
        assertThat(producer.isAlive()).isTrue();
    }

    @OtpTest
    void subscribingToADeadProducerEndsWithNoproc(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> producer = GenStage.start(node, new Counter());
        producer.stop();
        StageRef<?, ?> consumer = GenStage.start(node, Reporter.automatic(probe.pid()));
        probe.watch(consumer.pid());
        GenStage.subscribe(consumer, producer);
        Reporter.Cancelled cancelled = Probes.next(probe, Reporter.Cancelled.class);
        assertThat(cancelled.reason()).isEqualTo(new CancelReason(CancelReason.Kind.DOWN, ExitReason.noproc()));
        probe.expectDown(consumer.pid(), ExitReason.noproc());
    }
}
