package io.otp4j.bench;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.util.concurrent.CompletableFuture;
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

/**
 * Send/receive round trip between two processes: a pinger sends to a ponger and waits for the answer,
 * {@value #BATCH} times per invocation. The benchmark thread only starts a batch and waits for its end, so
 * what is measured is process-to-process messaging.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PingPongBenchmark {

    static final int BATCH = 10_000;

    record Batch(int rounds, CompletableFuture<Void> done) {}

    record Ping(Pid from) {}

    record Pong() {}

    private Node node;
    private Pid pinger;

    @Setup
    public void setup() {
        node = Node.start("bench");
        Pid ponger = node.spawn(self -> {
            while (true) {
                Ping ping = (Ping) self.receive();
                self.send(ping.from(), new Pong());
            }
        });
        pinger = node.spawn(self -> {
            Ping ping = new Ping(self.self());
            while (true) {
                Batch batch = (Batch) self.receive();
                for (int i = 0; i < batch.rounds(); i++) {
                    self.send(ponger, ping);
                    self.receive();
                }
                batch.done().complete(null);
            }
        });
    }

    @TearDown
    public void tearDown() {
        node.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void roundTrip() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        node.send(pinger, new Batch(BATCH, done));
        done.join();
    }
}
