package io.otp4j.bench;

import io.otp4j.process.Down;
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
 * Spawning processes, measured from inside a process:
 *
 * <ul>
 *   <li>{@code spawnAndExit}: spawn a process that exits at once, and wait for its DOWN (spawn, run, exit
 *       sequence, monitor message);
 *   <li>{@code spawnMany}: spawn a batch of processes that each exit at once, without waiting on each
 *       (the spawn cost alone, as a supervisor starting many children sees it).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpawnBenchmark {

    static final int BATCH = 1_000;

    record SpawnWaiting(CompletableFuture<Void> done) {}

    record SpawnMany(CompletableFuture<Void> done) {}

    private Node node;
    private Pid driver;

    @Setup
    public void setup() {
        node = Node.start("bench");
        driver = node.spawn(self -> {
            while (true) {
                Object job = self.receive();
                if (job instanceof SpawnWaiting(CompletableFuture<Void> done)) {
                    for (int i = 0; i < BATCH; i++) {
                        self.spawnMonitor(child -> {});
                        self.receive(Down.class);
                    }
                    done.complete(null);
                } else if (job instanceof SpawnMany(CompletableFuture<Void> done)) {
                    for (int i = 0; i < BATCH; i++) {
                        self.spawn(child -> {});
                    }
                    done.complete(null);
                }
            }
        });
    }

    @TearDown
    public void tearDown() {
        node.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void spawnAndExit() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        node.send(driver, new SpawnWaiting(done));
        done.join();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void spawnMany() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        node.send(driver, new SpawnMany(done));
        done.join();
    }
}
