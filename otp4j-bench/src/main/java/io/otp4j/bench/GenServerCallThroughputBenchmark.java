package io.otp4j.bench;

import io.otp4j.genserver.GenServerRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.util.ArrayList;
import java.util.List;
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
 * Calls per second on ONE {@link BenchCounter} from {@code callers} concurrent client processes. Each
 * invocation tells every caller to make {@code TOTAL / callers} calls of {@code Increment} in a row and waits
 * until all are done: {@value #TOTAL} calls per invocation whatever the number of callers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GenServerCallThroughputBenchmark {

    static final int TOTAL = 64_000;

    @Param({"4", "64", "1000"})
    public int callers;

    record Go(CountDownLatch done) {}

    private Node node;
    private final List<Pid> clients = new ArrayList<>();

    @Setup
    public void setup() {
        if (TOTAL % callers != 0) {
            throw new IllegalArgumentException(TOTAL + " calls do not split evenly over " + callers + " callers");
        }
        int each = TOTAL / callers;
        node = Node.start("bench");
        GenServerRef<BenchCounter.Request<?>, BenchCounter.Message> counter = BenchCounter.start(node);
        for (int c = 0; c < callers; c++) {
            clients.add(node.spawn(self -> {
                while (true) {
                    Go go = (Go) self.receive();
                    for (int i = 0; i < each; i++) {
                        counter.call(BenchCounter.INCREMENT);
                    }
                    go.done().countDown();
                }
            }));
        }
    }

    @TearDown
    public void tearDown() {
        node.close();
    }

    @Benchmark
    @OperationsPerInvocation(TOTAL)
    public void calls() throws InterruptedException {
        Go go = new Go(new CountDownLatch(callers));
        for (Pid client : clients) {
            node.send(client, go);
        }
        go.done().await();
    }
}
