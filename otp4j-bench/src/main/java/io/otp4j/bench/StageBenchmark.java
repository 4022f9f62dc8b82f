package io.otp4j.bench;

import static io.otp4j.stage.StageResults.noReply;

import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.stage.Consumer;
import io.otp4j.stage.GenStage;
import io.otp4j.stage.Producer;
import io.otp4j.stage.ProducerConsumer;
import io.otp4j.stage.StageInit;
import io.otp4j.stage.StageRef;
import io.otp4j.stage.StageResult;
import io.otp4j.stage.SubscribeOptions;
import io.otp4j.stage.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second through producer → producer-consumer → consumer, at several maximum demands, and the
 * same three-step hand-off over two {@link ArrayBlockingQueue}s (capacity = the maximum demand) on three
 * virtual threads, in the same run. Each invocation pushes {@value #EVENTS} integers through a fresh pipeline;
 * the middle step adds one, the last sums. Its twin on the BEAM is {@code otp4j-bench/beam/stage_bench.erl}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StageBenchmark {

    static final int EVENTS = 100_000;

    @Param({"1", "10", "100", "1000"})
    int maxDemand;

    private Node node;

    @Setup(Level.Trial)
    public void start() {
        node = Node.start("stage-bench");
    }

    @TearDown(Level.Trial)
    public void close() {
        node.close();
    }

    /** Emits 0, 1, 2, ... up to {@link #EVENTS}. */
    static final class Numbers implements Producer<int[], Integer, NoCall, NoCast> {
        @Override
        public StageInit<int[]> init(ProcessContext self) {
            return StageInit.of(new int[1]);
        }

        @Override
        public StageResult<int[], Integer> handleDemand(long demand, int[] next) {
            int n = (int) Math.min(demand, EVENTS - next[0]);
            List<Integer> events = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                events.add(next[0]++);
            }
            return noReply(events, next);
        }
    }

    /** Adds one. */
    static final class PlusOne implements ProducerConsumer<Integer, Integer, Integer, NoCall, NoCast> {
        @Override
        public StageInit<Integer> init(ProcessContext self) {
            return StageInit.of(0);
        }

        @Override
        public StageResult<Integer, Integer> handleEvents(List<Integer> events, Subscription from, Integer s) {
            List<Integer> out = new ArrayList<>(events.size());
            for (Integer e : events) {
                out.add(e + 1);
            }
            return noReply(out, s);
        }
    }

    /** Sums, and completes {@code done} after {@link #EVENTS} events. */
    static final class Sum implements Consumer<long[], Integer, NoCall, NoCast> {
        private final CompletableFuture<Long> done;

        Sum(CompletableFuture<Long> done) {
            this.done = done;
        }

        @Override
        public StageInit<long[]> init(ProcessContext self) {
            return StageInit.of(new long[2]);
        }

        @Override
        public StageResult<long[], Void> handleEvents(List<Integer> events, Subscription from, long[] state) {
            for (Integer e : events) {
                state[0] += e;
            }
            state[1] += events.size();
            if (state[1] == EVENTS) {
                done.complete(state[0]);
            }
            return noReply(state);
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long stages() throws Exception {
        CompletableFuture<Long> done = new CompletableFuture<>();
        SubscribeOptions options = SubscribeOptions.defaults().withMaxDemand(maxDemand);
        StageRef<?, ?> numbers = GenStage.start(node, new Numbers());
        StageRef<?, ?> plusOne = GenStage.start(node, new PlusOne());
        StageRef<?, ?> sum = GenStage.start(node, new Sum(done));
        GenStage.subscribe(sum, plusOne, options.withCancel(io.otp4j.stage.CancelMode.TEMPORARY));
        GenStage.subscribe(plusOne, numbers, options.withCancel(io.otp4j.stage.CancelMode.TEMPORARY));
        long total = done.get(60, TimeUnit.SECONDS);
        numbers.stop();
        plusOne.stop();
        sum.stop();
        return total;
    }

    private static final Integer END = -1;

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long blockingQueues() throws Exception {
        ArrayBlockingQueue<Integer> first = new ArrayBlockingQueue<>(maxDemand);
        ArrayBlockingQueue<Integer> second = new ArrayBlockingQueue<>(maxDemand);
        CompletableFuture<Long> done = new CompletableFuture<>();
        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < EVENTS; i++) {
                    first.put(i);
                }
                first.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread middle = Thread.ofVirtual().start(() -> {
            try {
                for (Integer e = first.take(); !e.equals(END); e = first.take()) {
                    second.put(e + 1);
                }
                second.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread consumer = Thread.ofVirtual().start(() -> {
            try {
                long total = 0;
                for (Integer e = second.take(); !e.equals(END); e = second.take()) {
                    total += e;
                }
                done.complete(total);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long total = done.get(60, TimeUnit.SECONDS);
        producer.join();
        middle.join();
        consumer.join();
        return total;
    }
}
