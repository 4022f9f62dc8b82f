package io.otp4j.bench;

import io.otp4j.genserver.GenServerRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The GenServer's single-client paths, each driven from inside a process (the benchmark thread only hands it
 * a batch and waits for the batch's end), on {@link BenchCounter}:
 *
 * <ul>
 *   <li>{@code callRoundTrip}: one {@code call(Increment)} and its reply, {@value #CALLS} in a row;
 *   <li>{@code castThroughput}: {@value #CASTS} {@code cast(Add)} in a row, then one {@code call(Get)} as a
 *       barrier, so every cast counted has been handled (the barrier's cost is included);
 *   <li>{@code start}: one synchronous {@code GenServer.start} (spawn, init, the starter woken), {@value
 *       #STARTS} in a row; the servers are stopped after the invocation, outside the measured time;
 *   <li>{@code startStop}: one synchronous start followed by one synchronous {@code stop}.
 * </ul>
 *
 * Each has its twin in {@code otp4j-bench/beam/genserver_bench.erl}.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GenServerBenchmark {

    static final int CALLS = 10_000;
    static final int CASTS = 10_000;
    static final int STARTS = 1_000;

    enum Job {
        CALLS,
        CASTS,
        STARTS,
        START_STOPS
    }

    record Batch(Job job, CompletableFuture<Void> done) {}

    private Node node;
    private GenServerRef<BenchCounter.Request<?>, BenchCounter.Message> counter;
    private Pid client;
    private final List<GenServerRef<?, ?>> started = new ArrayList<>();

    @Setup
    public void setup() {
        node = Node.start("bench");
        counter = BenchCounter.start(node);
        client = node.spawn(self -> {
            while (true) {
                Batch batch = (Batch) self.receive();
                switch (batch.job()) {
                    case CALLS -> {
                        for (int i = 0; i < CALLS; i++) {
                            counter.call(BenchCounter.INCREMENT);
                        }
                    }
                    case CASTS -> {
                        for (int i = 0; i < CASTS; i++) {
                            counter.cast(BenchCounter.ADD);
                        }
                        counter.call(BenchCounter.GET);
                    }
                    case STARTS -> {
                        for (int i = 0; i < STARTS; i++) {
                            started.add(BenchCounter.start(self.node()));
                        }
                    }
                    case START_STOPS -> {
                        for (int i = 0; i < STARTS; i++) {
                            BenchCounter.start(self.node()).stop();
                        }
                    }
                }
                batch.done().complete(null);
            }
        });
    }

    @TearDown
    public void tearDown() {
        node.close();
    }

    /** Stops the servers {@code start} started, outside the measured time. */
    @TearDown(Level.Invocation)
    public void stopStarted() {
        started.forEach(GenServerRef::stop);
        started.clear();
    }

    private void run(Job job) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        node.send(client, new Batch(job, done));
        done.join();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(CALLS)
    public void callRoundTrip() {
        run(Job.CALLS);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CASTS)
    public void castThroughput() {
        run(Job.CASTS);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(STARTS)
    public void start() {
        run(Job.STARTS);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(STARTS)
    public void startStop() {
        run(Job.START_STOPS);
    }
}
