package io.otp4j.stage;

import static io.otp4j.stage.StageResults.noReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.From;
import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.testkit.OtpTest;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** The buffer, the dispatchers' particulars, manual demand, calls that emit, and bad input. */
class StageFeaturesTest {

    private static List<Object> events(int from, int to) {
        return IntStream.range(from, to).boxed().map(i -> (Object) i).toList();
    }

    private static List<Object> received(TestProbe probe, int count) {
        List<Object> all = new ArrayList<>();
        while (all.size() < count) {
            all.addAll(probe.expectMessage(Reporter.Batch.class).events());
        }
        return all;
    }

    @OtpTest
    void aFullBufferKeepingTheFirstDiscardsNewEventsAndCountsThem(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> producer = GenStage.start(node, Pusher.with(i -> i.withBuffer(5, BufferKeep.FIRST)));
        producer.call(new Pusher.Push(events(0, 8))); // nobody asked: 5 kept, 3 discarded
        assertThat(producer.statistics()).isEqualTo(new StageStatistics(0, 0, 5, 3));
        StageRef<?, ?> consumer = GenStage.start(node, Reporter.automatic(probe.pid()));
        GenStage.subscribe(consumer, producer, SubscribeOptions.defaults().withDemand(0, 10));
        probe.expectMessage(Reporter.Subscribed.class);
        assertThat(received(probe, 5)).isEqualTo(events(0, 5));
        // The buffer served 5 of the 10 asked: the stage is asked only for the other 5.
        assertThat(producer.call(new Pusher.Push(List.of()))).isEqualTo(5L);
    }

    @OtpTest
    void aFullBufferKeepingTheLastDropsTheOldest(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> producer = GenStage.start(node, Pusher.with(i -> i.withBuffer(5, BufferKeep.LAST)));
        producer.call(new Pusher.Push(events(0, 8)));
        assertThat(producer.statistics().discarded()).isEqualTo(3);
        StageRef<?, ?> consumer = GenStage.start(node, Reporter.automatic(probe.pid()));
        GenStage.subscribe(consumer, producer, SubscribeOptions.defaults().withDemand(0, 10));
        probe.expectMessage(Reporter.Subscribed.class);
        assertThat(received(probe, 5)).isEqualTo(events(3, 8));
    }

    @OtpTest
    void eventsEmittedBeyondDemandWaitAndServeTheNextDemand(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> producer = GenStage.start(node, Pusher.with(i -> i));
        StageRef<?, ?> consumer = GenStage.start(node, Reporter.manual(probe.pid()));
        Subscription subscription = GenStage.subscribe(consumer, producer);
        probe.expectMessage(Reporter.Subscribed.class);
        producer.call(new Pusher.Push(events(0, 4)));
        probe.expectNoMessage(Duration.ofMillis(50)); // manual: nothing asked yet, nothing sent
        assertThat(producer.statistics().buffered()).isEqualTo(4);
        GenStage.ask(subscription, 3);
        assertThat(received(probe, 3)).isEqualTo(events(0, 3));
        GenStage.ask(subscription, 2);
        assertThat(received(probe, 1)).isEqualTo(events(3, 4));
        producer.call(new Pusher.Push(events(4, 6))); // one more was asked for: 4 goes, 5 waits
        assertThat(received(probe, 1)).isEqualTo(events(4, 5));
        assertThat(producer.statistics().buffered()).isEqualTo(1);
    }

    @OtpTest
    void theDemandDispatcherSendsToTheHighestDemand(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> producer = GenStage.start(node, Pusher.with(i -> i));
        StageRef<?, ?> small = GenStage.start(node, Reporter.manual(probe.pid()));
        StageRef<?, ?> large = GenStage.start(node, Reporter.manual(probe.pid()));
        Subscription s1 = GenStage.subscribe(small, producer);
        Subscription s2 = GenStage.subscribe(large, producer);
        GenStage.ask(s1, 2);
        GenStage.ask(s2, 5);
        assertThat(producer.call(new Pusher.Push(List.of()))).isEqualTo(7L); // a barrier: both asks are in
        producer.call(new Pusher.Push(events(0, 6)));
        // The two consumers report on their own: their reports may reach the probe in either order. What the
        // producer sent each shows the order it served them in: the first events to the highest demand.
        Map<Pid, List<Object>> got = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            Reporter.Batch batch = Probes.next(probe, Reporter.Batch.class);
            got.put(batch.consumer(), batch.events());
        }
        assertThat(got.get(large.pid())).isEqualTo(events(0, 5));
        assertThat(got.get(small.pid())).isEqualTo(events(5, 6));
    }

    @OtpTest
    void broadcastSelectorsFilterButEveryEventCountsAgainstDemand(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> producer = GenStage.start(node, Pusher.with(i -> i.withDispatcher(Dispatcher.broadcast())));
        StageRef<?, ?> evens = GenStage.start(node, Reporter.manual(probe.pid()));
        StageRef<?, ?> all = GenStage.start(node, Reporter.manual(probe.pid()));
        Subscription se = GenStage.subscribe(
                evens, producer, SubscribeOptions.defaults().withSelector(e -> (Integer) e % 2 == 0));
        Subscription sa = GenStage.subscribe(all, producer);
        GenStage.ask(se, 4);
        GenStage.ask(sa, 10);
        // The producer is asked only for what both asked: 4.
        assertThat(producer.call(new Pusher.Push(List.of()))).isEqualTo(4L);
        producer.call(new Pusher.Push(events(0, 6)));
        List<Reporter.Batch> batches =
                List.of(Probes.next(probe, Reporter.Batch.class), Probes.next(probe, Reporter.Batch.class));
        assertThat(batches)
                .containsExactlyInAnyOrder(
                        new Reporter.Batch(evens.pid(), List.of(0, 2)), new Reporter.Batch(all.pid(), events(0, 4)));
        assertThat(producer.statistics().buffered()).isEqualTo(2); // 4 and 5 wait for the evens consumer
    }

    @OtpTest
    void aPartitionSubscriptionMustNameAnExistingFreePartition(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> producer = GenStage.start(node, Pusher.with(i -> i.withDispatcher(Dispatcher.partition(2))));
        StageRef<?, ?> none = GenStage.start(node, Reporter.automatic(probe.pid()));
        GenStage.subscribe(none, producer, SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY));
        Reporter.Cancelled refused = Probes.next(probe, Reporter.Cancelled.class);
        assertThat(refused.reason().kind()).isEqualTo(CancelReason.Kind.CANCEL);
        assertThat(refused.reason().reason().toString()).contains("must name one");

        StageRef<?, ?> third = GenStage.start(node, Reporter.automatic(probe.pid()));
        GenStage.subscribe(
                third, producer, SubscribeOptions.defaults().withPartition(2).withCancel(CancelMode.TEMPORARY));
        assertThat(Probes.next(probe, Reporter.Cancelled.class)
                        .reason()
                        .reason()
                        .toString())
                .contains("partition 2 does not exist");

        StageRef<?, ?> zero = GenStage.start(node, Reporter.automatic(probe.pid()));
        StageRef<?, ?> again = GenStage.start(node, Reporter.automatic(probe.pid()));
        GenStage.subscribe(zero, producer, SubscribeOptions.defaults().withPartition(0));
        GenStage.subscribe(
                again, producer, SubscribeOptions.defaults().withPartition(0).withCancel(CancelMode.TEMPORARY));
        assertThat(Probes.next(probe, Reporter.Cancelled.class)
                        .reason()
                        .reason()
                        .toString())
                .contains("already has a consumer");
        assertThat(producer.statistics().consumers()).isEqualTo(1);
    }

    @OtpTest
    void aPartitionFunctionOutOfRangeCrashesTheProducerNamingTheEvent(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> producer =
                GenStage.start(node, Pusher.with(i -> i.withDispatcher(Dispatcher.partition(2, e -> 7))));
        TestProbe watcher = TestProbe.spawn(node);
        watcher.watch(producer.pid());
        StageRef<?, ?> consumer = GenStage.start(node, Reporter.automatic(probe.pid()));
        GenStage.subscribe(
                consumer, producer, SubscribeOptions.defaults().withPartition(0).withCancel(CancelMode.TEMPORARY));
        assertThat(producer.call(new Pusher.Push(List.of()))).isPositive(); // demand arrived: events go out
        assertThatThrownBy(() -> producer.call(new Pusher.Push(List.of("x"))))
                .isInstanceOf(ServerExitedException.class);
        ExitReason reason = watcher.expectDown(producer.pid()).reason();
        assertThat(reason.toString()).contains("event x").contains("partition 7");
    }

    @OtpTest
    void aCallRepliesAfterItsEventsAreDispatched(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> producer = GenStage.start(node, Pusher.with(i -> i));
        StageRef<?, ?> consumer = GenStage.start(node, Reporter.automatic(probe.pid()));
        GenStage.subscribe(consumer, producer, SubscribeOptions.defaults().withMaxDemand(10));
        probe.expectMessage(Reporter.Subscribed.class);
        assertThat(producer.call(new Pusher.Push(events(0, 3)))).isEqualTo(10L);
        assertThat(received(probe, 3)).isEqualTo(events(0, 3));
        assertThat(consumer.call(new Reporter.Handled())).isEqualTo(3);
    }

    /** A producer with typed calls and casts, as a GenServer has: it emits what it is told to. */
    private static final class Announcer implements Producer<Integer, String, Announcer.Req<?>, Announcer.Msg> {
        sealed interface Req<R> extends Call<R> {}

        record Count() implements Req<Integer> {}

        record Shout(String text) implements Req<String> {}

        sealed interface Msg {}

        record Say(String text) implements Msg {}

        @Override
        public StageInit<Integer> init(ProcessContext self) {
            return StageInit.of(0);
        }

        @Override
        public StageResult<Integer, String> handleDemand(long demand, Integer said) {
            return noReply(said);
        }

        @Override
        public StageCallResult<Integer, String> handleCall(Req<?> request, From from, Integer said) {
            return switch (request) { // exhaustive over the stage's own calls
                case Count count -> StageResults.reply(count, said, said);
                case Shout shout -> {
                    String loud = shout.text().toUpperCase(java.util.Locale.ROOT);
                    yield StageResults.reply(shout, loud, List.of(loud), said + 1);
                }
            };
        }

        @Override
        public StageResult<Integer, String> handleCast(Msg message, Integer said) {
            return switch (message) {
                case Say say -> noReply(List.of(say.text()), said + 1);
            };
        }
    }

    @OtpTest
    void callsAndCastsAreTypedAsAServersAre(Node node) {
        StageRef<Announcer.Req<?>, Announcer.Msg> announcer = GenStage.start(node, new Announcer());
        try (java.util.stream.Stream<String> said = GenStage.stream(announcer)) {
            java.util.Iterator<String> events = said.iterator();
            announcer.cast(new Announcer.Say("hello"));
            String loud = announcer.call(new Announcer.Shout("world"));
            int count = announcer.call(new Announcer.Count());

            assertThat(loud).isEqualTo("WORLD");
            assertThat(count).isEqualTo(2);
            assertThat(List.of(events.next(), events.next())).containsExactly("hello", "WORLD");
        }
    }

    @org.junit.jupiter.api.Test
    void resultsAreMadeByStageResultsOnly() {
        // No public constructor takes a reply of any type past the typed StageResults.reply.
        for (Class<?> shape : List.of(StageCallResult.Reply.class, StageResult.Emit.class, StageResult.Stop.class)) {
            assertThat(shape.getConstructors()).as(shape.getName()).isEmpty();
        }
    }

    /** A consumer that wrongly emits. */
    private static final class Emitting implements Consumer<Integer, Object, NoCall, NoCast> {
        @Override
        public StageInit<Integer> init(ProcessContext self) {
            return StageInit.of(0);
        }

        @Override
        @SuppressWarnings("unchecked")
        public StageResult<Integer, Void> handleEvents(List<Object> events, Subscription from, Integer s) {
            return (StageResult<Integer, Void>) (StageResult<?, ?>) noReply(events, s);
        }
    }

    @OtpTest
    void aConsumerThatEmitsCrashesWithAClearError(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> producer = GenStage.start(node, new Counter());
        StageRef<?, ?> consumer = GenStage.start(node, new Emitting());
        probe.watch(consumer.pid());
        GenStage.subscribe(consumer, producer, SubscribeOptions.defaults().withMaxDemand(1));
        assertThat(probe.expectDown(consumer.pid()).reason().toString()).contains("cannot emit");
    }

    @OtpTest
    void aProducerCannotSubscribe(Node node) {
        StageRef<?, ?> producer = GenStage.start(node, new Counter());
        StageRef<?, ?> other = GenStage.start(node, new Counter());
        assertThatThrownBy(() -> GenStage.subscribe(producer, other))
                .isInstanceOf(ServerExitedException.class)
                .hasMessageContaining("is a producer");
    }

    @OtpTest
    void aConsumerRefusesSubscribers(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        StageRef<?, ?> sink = GenStage.start(node, Reporter.automatic(probe.pid()));
        StageRef<?, ?> consumer = GenStage.start(node, Reporter.automatic(probe.pid()));
        GenStage.subscribe(consumer, sink, SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY));
        Reporter.Cancelled cancelled = Probes.next(probe, Reporter.Cancelled.class);
        assertThat(cancelled.reason().reason().toString()).contains("not a producer");
    }

    @OtpTest
    void badInputIsRefusedNamingTheValue(Node node) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SubscribeOptions.defaults().withMaxDemand(0))
                .withMessageContaining("maxDemand")
                .withMessageContaining("0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SubscribeOptions.defaults().withDemand(5, 5))
                .withMessageContaining("minDemand")
                .withMessageContaining("5");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SubscribeOptions.defaults().withPartition(-1))
                .withMessageContaining("partition")
                .withMessageContaining("-1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Dispatcher.partition(0))
                .withMessageContaining("partitions")
                .withMessageContaining("0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StageInit.of(1).withBuffer(-2, BufferKeep.FIRST))
                .withMessageContaining("bufferSize")
                .withMessageContaining("-2");
        StageRef<?, ?> producer = GenStage.start(node, new Counter());
        StageRef<?, ?> consumer =
                GenStage.start(node, Reporter.manual(TestProbe.spawn(node).pid()));
        Subscription subscription = GenStage.subscribe(consumer, producer);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GenStage.ask(subscription, 0))
                .withMessageContaining("at least 1")
                .withMessageContaining("0");
    }
}
