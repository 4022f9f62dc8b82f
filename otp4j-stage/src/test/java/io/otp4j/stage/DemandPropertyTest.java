package io.otp4j.stage;

import static io.otp4j.stage.StageResults.noReply;
import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A seeded property test over random demand patterns, for each dispatcher: producers that emit fewer events
 * than asked (and the rest later), or more (the rest buffered); consumers with random minimum and maximum
 * demand, automatic or manual, asking random amounts; sometimes a producer-consumer in between. It checks
 * that no consumer ever receives more than it asked for, that an automatic consumer's batches respect its
 * demand window, and what each dispatcher promises: with the demand dispatcher every event reaches exactly one
 * consumer; with broadcast every consumer receives every event, in order; with partitions every event reaches
 * exactly its partition's consumer, in order. The seed of a failing run is in the failure message.
 */
class DemandPropertyTest {

    private static final int RUNS_PER_DISPATCHER = 30;
    /** Override with -Dotp4j.stage.seed=N to explore other runs. */
    private static final long BASE_SEED = Long.getLong("otp4j.stage.seed", 0x5EED_57A6EL);

    private enum Kind {
        DEMAND,
        BROADCAST,
        PARTITION
    }

    @Test
    void demandDispatcher() throws Exception {
        runAll(Kind.DEMAND);
    }

    @Test
    void broadcastDispatcher() throws Exception {
        runAll(Kind.BROADCAST);
    }

    @Test
    void partitionDispatcher() throws Exception {
        runAll(Kind.PARTITION);
    }

    private void runAll(Kind kind) throws Exception {
        for (int run = 0; run < RUNS_PER_DISPATCHER; run++) {
            long seed = BASE_SEED + kind.ordinal() * 1000L + run;
            try (Node node = Node.start("property")) {
                new Run(node, kind, seed).check();
            }
        }
    }

    /** Tells a producer to emit the demand it still owes. */
    private record Owed() {}

    /**
     * Emits 0, 1, 2, ... up to a total, at random: all it owes, part of it (the rest on a later tick), or a
     * little more (buffered). Every event is emitted once.
     */
    private static final class RandomProducer implements Producer<long[], Integer, NoCall, NoCast> {
        private final SplittableRandom random;
        private final int total;
        private final Dispatcher dispatcher;
        private final ProducerDemand demand;
        private @Nullable ProcessContext self;

        RandomProducer(SplittableRandom random, int total, Dispatcher dispatcher, ProducerDemand demand) {
            this.random = random;
            this.total = total;
            this.dispatcher = dispatcher;
            this.demand = demand;
        }

        @Override
        public StageInit<long[]> init(ProcessContext self) {
            this.self = self;
            return StageInit.of(new long[2]) // [next event, demand owed]
                    .withDispatcher(dispatcher)
                    .withUnboundedBuffer()
                    .withDemand(demand);
        }

        @Override
        public StageResult<long[], Integer> handleDemand(long demand, long[] state) {
            state[1] += demand;
            return emit(state);
        }

        @Override
        public StageResult<long[], Integer> handleInfo(Object message, long[] state) {
            return message instanceof Owed ? emit(state) : noReply(state);
        }

        private StageResult<long[], Integer> emit(long[] state) {
            long owed = state[1];
            long n = switch (random.nextInt(3)) {
                case 0 -> owed; // exactly what is owed
                case 1 -> owed / 2; // part now, the rest on a tick
                default -> owed + random.nextInt(5); // a few more: they go to the buffer
            };
            n = Math.min(n, total - state[0]);
            List<Integer> events = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                events.add((int) state[0]++);
            }
            state[1] = Math.max(0, owed - n);
            if (state[1] > 0 && state[0] < total) {
                ProcessContext me = Objects.requireNonNull(self);
                me.send(me.self(), new Owed());
            }
            return noReply(events, state);
        }
    }

    /** Passes events on unchanged. */
    private static final class Relay implements ProducerConsumer<Integer, Integer, Integer, NoCall, NoCast> {
        private final Dispatcher dispatcher;

        Relay(Dispatcher dispatcher) {
            this.dispatcher = dispatcher;
        }

        @Override
        public StageInit<Integer> init(ProcessContext self) {
            return StageInit.of(0).withDispatcher(dispatcher).withDemand(ProducerDemand.ACCUMULATE);
        }

        @Override
        public StageResult<Integer, Integer> handleEvents(List<Integer> events, Subscription from, Integer s) {
            return noReply(events, s);
        }
    }

    /** Records what it receives; in manual mode asks random amounts and checks it never gets more. */
    private static final class Recorder implements Consumer<Integer, Integer, NoCall, NoCast> {
        final List<Integer> received = new CopyOnWriteArrayList<>();
        final List<String> violations = new CopyOnWriteArrayList<>();
        private final SplittableRandom random;
        final boolean manual;
        private final CountDownLatch latch;
        private long asked;
        private long got;
        private int maxBatch;

        Recorder(SplittableRandom random, boolean manual, CountDownLatch latch) {
            this.random = random;
            this.manual = manual;
            this.latch = latch;
        }

        @Override
        public StageInit<Integer> init(ProcessContext self) {
            return StageInit.of(0);
        }

        @Override
        public Subscribed<Integer> handleSubscribe(
                Role role, SubscribeOptions options, Subscription subscription, Integer state) {
            maxBatch = options.maxDemand() - options.minDemand();
            if (!manual) {
                return Subscribed.automatic(state);
            }
            ask(subscription, 1 + random.nextInt(options.maxDemand()));
            return Subscribed.manual(state);
        }

        private void ask(Subscription subscription, long n) {
            asked += n;
            GenStage.ask(subscription, n);
        }

        @Override
        public StageResult<Integer, Void> handleEvents(List<Integer> events, Subscription from, Integer state) {
            got += events.size();
            if (manual && got > asked) {
                violations.add("received " + got + " events but asked for " + asked);
            }
            if (!manual && events.size() > maxBatch) {
                violations.add("a batch of " + events.size() + " events, more than max - min = " + maxBatch);
            }
            received.addAll(events);
            events.forEach(e -> latch.countDown());
            if (manual && (asked == got || random.nextInt(3) == 0)) {
                ask(from, 1 + random.nextInt(20));
            }
            return noReply(state);
        }
    }

    private static final class Run {
        private final Node node;
        private final Kind kind;
        private final long seed;
        private final SplittableRandom random;

        Run(Node node, Kind kind, long seed) {
            this.node = node;
            this.kind = kind;
            this.seed = seed;
            this.random = new SplittableRandom(seed);
        }

        void check() throws Exception {
            int total = 200 + random.nextInt(1800);
            int consumers = 1 + random.nextInt(4);
            boolean relay = random.nextBoolean();
            Dispatcher dispatcher = switch (kind) {
                case DEMAND -> Dispatcher.demand();
                case BROADCAST -> Dispatcher.broadcast();
                case PARTITION -> Dispatcher.partition(consumers, e -> (Integer) e % consumers);
            };
            String context = "seed " + seed + " (" + kind + ", " + total + " events, " + consumers + " consumers, "
                    + (relay ? "through a producer-consumer" : "direct") + ")";
            // The stage whose dispatcher is under test holds demand until every consumer has subscribed: a
            // broadcast consumer that came late would miss the first events, as in GenStage.
            StageRef<?, ?> producer = GenStage.start(
                    node,
                    new RandomProducer(
                            random.split(),
                            total,
                            relay ? Dispatcher.demand() : dispatcher,
                            relay ? ProducerDemand.FORWARD : ProducerDemand.ACCUMULATE));
            StageRef<?, ?> source = producer; // the stage whose dispatcher is under test
            if (relay) {
                source = GenStage.start(node, new Relay(dispatcher));
                GenStage.subscribe(source, producer, randomOptions());
            }
            CountDownLatch latch = new CountDownLatch(kind == Kind.BROADCAST ? total * consumers : total);
            List<Recorder> recorders = new ArrayList<>();
            List<StageRef<?, ?>> refs = new ArrayList<>();
            for (int i = 0; i < consumers; i++) {
                Recorder recorder = new Recorder(random.split(), random.nextBoolean(), latch);
                recorders.add(recorder);
                SubscribeOptions options = randomOptions();
                if (kind == Kind.PARTITION) {
                    options = options.withPartition(i);
                }
                StageRef<?, ?> ref = GenStage.start(node, recorder);
                refs.add(ref);
                GenStage.subscribe(ref, source, options);
            }
            GenStage.demand(source, ProducerDemand.FORWARD);
            boolean arrived = latch.await(20, TimeUnit.SECONDS);
            StringBuilder state = new StringBuilder();
            if (!arrived) {
                state.append(" producer ").append(producer.isAlive() ? producer.statistics() : "dead");
                state.append(" source ").append(source.isAlive() ? source.statistics() : "dead");
                for (int i = 0; i < consumers; i++) {
                    state.append(" consumer ")
                            .append(i)
                            .append(recorders.get(i).manual ? " manual " : " automatic ")
                            .append(refs.get(i).isAlive() ? refs.get(i).statistics() : "dead")
                            .append(" got ")
                            .append(recorders.get(i).received.size());
                }
            }
            assertThat(arrived)
                    .as(context + ": all events arrive; " + latch.getCount() + " missing;" + state)
                    .isTrue();
            for (Recorder r : recorders) {
                assertThat(r.violations).as(context).isEmpty();
            }
            switch (kind) {
                case DEMAND -> {
                    List<Integer> all = new ArrayList<>();
                    recorders.forEach(r -> all.addAll(r.received));
                    assertThat(all).as(context + ": each event exactly once").hasSize(total);
                    assertThat(new HashSet<>(all)).as(context).hasSize(total);
                    for (Recorder r : recorders) {
                        assertThat(r.received)
                                .as(context + ": in order per consumer")
                                .isSorted();
                    }
                }
                case BROADCAST -> {
                    List<Integer> expected =
                            java.util.stream.IntStream.range(0, total).boxed().toList();
                    for (Recorder r : recorders) {
                        assertThat(r.received)
                                .as(context + ": every event to every consumer, in order")
                                .isEqualTo(expected);
                    }
                }
                case PARTITION -> {
                    Set<Integer> seen = new HashSet<>();
                    for (int i = 0; i < consumers; i++) {
                        int partition = i;
                        List<Integer> got = recorders.get(i).received;
                        assertThat(got)
                                .as(context + ": partition " + i + " in order")
                                .isSorted();
                        assertThat(got).as(context + ": partition " + i).allMatch(e -> e % consumers == partition);
                        seen.addAll(got);
                        assertThat(got).doesNotHaveDuplicates();
                    }
                    assertThat(seen).as(context + ": every event once").hasSize(total);
                }
            }
            Map<String, StageStatistics> stats = new TreeMap<>();
            stats.put("producer", producer.statistics());
            assertThat(stats.get("producer").discarded()).isZero();
        }

        private SubscribeOptions randomOptions() {
            int max = 1 + random.nextInt(random.nextBoolean() ? 8 : 200);
            int min = random.nextInt(max);
            return SubscribeOptions.defaults().withDemand(min, max);
        }
    }
}
