package io.otp4j.bench;

import io.otp4j.examples.Ring;
import io.otp4j.process.Node;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** A ring of 1,000 processes passing one token: time per hop. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RingBenchmark {

    static final int HOPS = 100_000;

    private Node node;
    private Ring ring;

    @Setup
    public void setup() {
        node = Node.start("bench");
        ring = Ring.start(node, 1_000);
    }

    @TearDown
    public void tearDown() {
        ring.close();
        node.close();
    }

    @Benchmark
    @OperationsPerInvocation(HOPS)
    public Duration hop() throws Exception {
        return ring.pass(HOPS, Duration.ofMinutes(1));
    }
}
