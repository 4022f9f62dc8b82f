package io.otp4j.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.micrometer.Otp4jMetrics;
import io.otp4j.observe.CallFinished;
import io.otp4j.observe.Handled;
import io.otp4j.observe.Observation;
import io.otp4j.observe.ProcessObserver;
import io.otp4j.observer.Observer;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * What observing a node costs the call path: the call round trip of {@link GenServerBenchmark} and the call
 * throughput of {@link GenServerCallThroughputBenchmark} (64 callers), on a named {@link BenchCounter}, with
 * {@code observed=none} (nothing installed), {@code observed=idle} (an observer of spawns, exits and restarts only:
 * calls and callbacks are not timed), {@code observed=hooks} (an observer whose {@code handled} and
 * {@code callFinished} do nothing and want every call timed: what timing and reporting each call and callback
 * costs by itself), {@code observed=metrics} (the node's Micrometer meters bound to a {@code SimpleMeterRegistry}:
 * each call counted, one in ten timed) and {@code observed=dashboard} (the meters bound and the observer's dashboard
 * running with its defaults, sampling the node every second; no browser connected).
 */
@State(Scope.Benchmark)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ObservedCallBenchmark {

    static final int CALLS = 10_000;
    static final int CALLERS = 64;
    static final int TOTAL = 64_000;

    @Param({"none", "idle", "hooks", "metrics", "dashboard"})
    public String observed;

    record Go(CompletableFuture<Void> done) {}

    private Node node;
    private final List<AutoCloseable> installed = new ArrayList<>();
    private Pid client;
    private final List<Pid> callers = new ArrayList<>();
    private volatile CountDownLatch round = new CountDownLatch(0);

    @Setup
    public void setup() {
        node = Node.start("bench");
        switch (observed) {
            case "none" -> {}
            case "idle" -> installed.add(Observation.of(node).add(new ProcessObserver() {}));
            case "hooks" ->
                installed.add(Observation.of(node).add(new ProcessObserver() {
                    @Override
                    public void handled(Handled event) {}

                    @Override
                    public void callFinished(CallFinished event) {}
                }));
            case "metrics" -> installed.add(Otp4jMetrics.bind(node, new SimpleMeterRegistry()));
            case "dashboard" -> {
                installed.add(Otp4jMetrics.bind(node, new SimpleMeterRegistry()));
                installed.add(Observer.builder(node).start());
            }
            default ->
                throw new IllegalArgumentException(
                        "observed is none, idle, hooks, metrics or dashboard, not " + observed);
        }
        GenServerRef<BenchCounter.Request<?>, BenchCounter.Message> counter = BenchCounter.startNamed(node, "counter");
        client = node.spawn(self -> {
            while (true) {
                Go go = (Go) self.receive();
                for (int i = 0; i < CALLS; i++) {
                    counter.call(BenchCounter.INCREMENT);
                }
                go.done().complete(null);
            }
        });
        for (int c = 0; c < CALLERS; c++) {
            callers.add(node.spawn(self -> {
                while (true) {
                    self.receive();
                    for (int i = 0; i < TOTAL / CALLERS; i++) {
                        counter.call(BenchCounter.INCREMENT);
                    }
                    round.countDown();
                }
            }));
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        for (int i = installed.size() - 1; i >= 0; i--) {
            installed.get(i).close();
        }
        node.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(CALLS)
    public void callRoundTrip() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        node.send(client, new Go(done));
        done.join();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(TOTAL)
    public void callThroughput() throws InterruptedException {
        round = new CountDownLatch(CALLERS);
        for (Pid caller : callers) {
            node.send(caller, "go");
        }
        round.await();
    }
}
