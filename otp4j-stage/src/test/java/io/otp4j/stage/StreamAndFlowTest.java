package io.otp4j.stage;

import static io.otp4j.stage.StageResults.noReply;
import static io.otp4j.stage.StageResults.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.From;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.testkit.OtpTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Consuming stages from plain code as streams, and the Flow adapters in use. */
class StreamAndFlowTest {

    /** Emits 0, 1, 2, ... as asked, and tells how many it emitted. */
    private static final class Counting implements Producer<Integer, Integer, Counting.Emitted, NoCast> {
        record Emitted() implements Call<Integer> {}

        @Override
        public StageInit<Integer> init(ProcessContext self) {
            return StageInit.of(0);
        }

        @Override
        public StageResult<Integer, Integer> handleDemand(long demand, Integer next) {
            return noReply(IntStream.range(next, next + (int) demand).boxed().toList(), next + (int) demand);
        }

        @Override
        public StageCallResult<Integer, Integer> handleCall(Emitted request, From from, Integer next) {
            return reply(request, next, next);
        }
    }

    @OtpTest
    void aStreamTakesEveryEventInOrderAndEndsWhenTheProducerExitsNormally(Node node) {
        StageRef<?, ?> producer =
                GenStage.fromIterable(node, IntStream.range(0, 100).boxed().toList());
        try (Stream<Integer> events =
                GenStage.stream(producer, SubscribeOptions.defaults().withMaxDemand(7))) {
            assertThat(events.toList())
                    .isEqualTo(IntStream.range(0, 100).boxed().toList());
        }
    }

    @OtpTest
    void aStreamAsksOnlyAsItIsRead(Node node) {
        StageRef<?, ?> producer = GenStage.start(node, new Counting());
        try (StageIterator<Integer> events =
                GenStage.iterator(producer, SubscribeOptions.defaults().withDemand(5, 10))) {
            for (int i = 0; i < 12; i++) {
                assertThat(events.next()).isEqualTo(i);
            }
            // 12 taken: the iterator asked 10, then 5 more after the first 5, then 5 after the next 5.
            int emitted = producer.call(new Counting.Emitted());
            assertThat(emitted).isLessThanOrEqualTo(20);
            assertThat(emitted).isGreaterThanOrEqualTo(12);
        }
        Probes.within(Duration.ofSeconds(3), () -> producer.statistics().consumers() == 0); // close cancelled
    }

    @OtpTest
    void aStreamThrowsWhenTheProducerExitsAbnormally(Node node) {
        StageRef<?, ?> producer = GenStage.start(node, Pusher.with(i -> i));
        StageIterator<Object> events = GenStage.iterator(producer, SubscribeOptions.defaults());
        producer.call(new Pusher.Push(List.of("a")));
        assertThat(events.next()).isEqualTo("a");
        producer.stop(ExitReason.custom("broken"), Duration.ofSeconds(5));
        assertThatThrownBy(events::hasNext)
                .isInstanceOf(StageExitedException.class)
                .hasMessageContaining("broken")
                .satisfies(e -> assertThat(((StageExitedException) e).reason()).isEqualTo(ExitReason.custom("broken")));
        events.close();
    }

    @OtpTest
    void aPublisherFeedsAPipelineThatEndsWhenItCompletes(Node node) {
        try (SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>()) {
            StageRef<?, ?> source = FlowAdapters.fromPublisher(node, publisher);
            StageRef<?, ?> doubler = GenStage.start(node, new Doubler());
            GenStage.subscribe(doubler, source, SubscribeOptions.defaults().withMaxDemand(4));
            StageIterator<Integer> out =
                    GenStage.iterator(doubler, SubscribeOptions.defaults().withMaxDemand(4));
            for (int i = 0; i < 50; i++) {
                publisher.submit(i); // blocks when the stages hold back: SubmissionPublisher's own buffer
            }
            publisher.close();
            List<Integer> doubled = new java.util.ArrayList<>();
            out.forEachRemaining(doubled::add);
            assertThat(doubled)
                    .isEqualTo(IntStream.range(0, 50).map(i -> i * 2).boxed().toList());
        }
    }

    @OtpTest
    void anyFlowSubscriberConsumesAStageAtItsOwnPace(Node node) throws Exception {
        StageRef<?, ?> producer =
                GenStage.fromIterable(node, IntStream.range(0, 30).boxed().toList());
        List<Integer> got = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        FlowAdapters.<Integer>publisher(producer, SubscribeOptions.defaults().withMaxDemand(3))
                .subscribe(new Flow.Subscriber<>() {
                    private Flow.@org.jspecify.annotations.Nullable Subscription subscription;

                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                        subscription = s;
                        s.request(1);
                    }

                    @Override
                    public void onNext(Integer item) {
                        got.add(item);
                        java.util.Objects.requireNonNull(subscription).request(1); // one at a time
                    }

                    @Override
                    public void onError(Throwable error) {
                        done.countDown();
                    }

                    @Override
                    public void onComplete() {
                        got.add(-1);
                        done.countDown();
                    }
                });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        List<Integer> expected =
                new java.util.ArrayList<>(IntStream.range(0, 30).boxed().toList());
        expected.add(-1);
        assertThat(got).isEqualTo(expected);
    }
}
