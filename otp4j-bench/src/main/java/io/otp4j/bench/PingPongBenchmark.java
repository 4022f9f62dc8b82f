package io.otp4j.bench;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
 * what is measured is process-to-process messaging. {@code bareVirtualThreads} is the floor under it, in the same
 * run: two plain virtual threads handing a turn back and forth with park and unpark, no mailbox and no process,
 * the least a round trip between two parked virtual threads can cost on this JDK's scheduler.
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
    private BareTurns bare;

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
        bare = new BareTurns();
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        node.close();
        bare.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void roundTrip() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        node.send(pinger, new Batch(BATCH, done));
        done.join();
    }

    /** The floor: the same batch of round trips between two bare virtual threads. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void bareVirtualThreads() throws InterruptedException {
        bare.run(BATCH);
    }

    /**
     * Two virtual threads that pass a turn back and forth: the pinger gives the turn to the ponger and parks until
     * it comes back, the ponger gives it back. A batch is asked for and awaited through a queue and a future, as
     * the processes' batch is.
     */
    static final class BareTurns {
        private static final int PING = 0;
        private static final int PONG = 1;

        private final AtomicInteger turn = new AtomicInteger(PING);
        private final SynchronousQueue<Batch> batches = new SynchronousQueue<>();
        private final Thread ponger;
        private final Thread pinger;

        BareTurns() {
            ponger = Thread.ofVirtual().name("bare-pong").start(this::pong);
            pinger = Thread.ofVirtual().name("bare-ping").start(this::ping);
        }

        void run(int rounds) throws InterruptedException {
            CompletableFuture<Void> done = new CompletableFuture<>();
            batches.put(new Batch(rounds, done));
            done.join();
        }

        private void ping() {
            try {
                while (true) {
                    Batch batch = batches.take();
                    for (int i = 0; i < batch.rounds(); i++) {
                        turn.set(PONG);
                        LockSupport.unpark(ponger);
                        while (turn.get() != PING) {
                            LockSupport.park(this);
                        }
                    }
                    batch.done().complete(null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void pong() {
            while (!Thread.currentThread().isInterrupted()) {
                while (turn.get() != PONG) {
                    LockSupport.park(this);
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                }
                turn.set(PING);
                LockSupport.unpark(pinger);
            }
        }

        void close() throws InterruptedException {
            pinger.interrupt();
            ponger.interrupt();
            pinger.join();
            ponger.join();
        }
    }
}
