package io.otp4j.bench;

import io.otp4j.genserver.GenServer;
import io.otp4j.persistence.Durable;
import io.otp4j.persistence.EventLog;
import io.otp4j.persistence.SqlStore;
import io.otp4j.process.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recovery of an event-sourced server with {@value #EVENTS} events and a snapshot every {@value #EVERY}, all kept:
 * the time from {@code GenServer.start} (claim, load the snapshot, replay the events after it) to the first reply.
 * The last snapshot is at 1,000,000; the 500 events after it are replayed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
public class DurableRecoveryBenchmark {

    static final int EVENTS = 1_000_500;
    static final int EVERY = 1_000;

    private Path dir;
    private Node node;
    private SqlStore store;

    @Setup(Level.Trial)
    public void write() throws IOException {
        dir = Files.createTempDirectory("durable-recovery");
        node = Node.start("recovery");
        store = SqlStore.sqlite(dir.resolve("recovery.db"));
        var counter = GenServer.start(node, server());
        long total = 0;
        for (int written = 0; written < EVENTS; written += EVERY) {
            total = counter.call(new DurableServerBenchmark.Counter.AddMany(Math.min(EVERY, EVENTS - written)));
        }
        if (total != EVENTS) {
            throw new IllegalStateException("wrote " + total + " events, not " + EVENTS);
        }
        counter.stop();
    }

    private io.otp4j.genserver.GenServer<Long, DurableServerBenchmark.Counter.Request<?>, Void> server() {
        return Durable.eventSourced(
                "recovering",
                store,
                DurableServerBenchmark.Counter.STATES,
                DurableServerBenchmark.Counter.EVENTS,
                new EventLog(EVERY, -1),
                new DurableServerBenchmark.Counter());
    }

    /** Starts the server, which recovers its state, and asks it for its total. */
    @Benchmark
    public long recover() {
        var counter = GenServer.start(node, server());
        long total = counter.call(new DurableServerBenchmark.Counter.AddMany(0));
        counter.stop();
        if (total != EVENTS) {
            throw new IllegalStateException("recovered " + total + " events, not " + EVENTS);
        }
        return total;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        node.close();
        store.close();
        try (var files = Files.walk(dir)) {
            for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
