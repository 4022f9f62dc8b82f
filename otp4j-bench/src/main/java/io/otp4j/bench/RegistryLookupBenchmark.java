package io.otp4j.bench;

import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.registry.Entry;
import io.otp4j.registry.Registry;
import io.otp4j.registry.RegistryOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The seed documents' bottleneck claim, measured: looking up a process by key in a {@link Registry} (a direct
 * read of a concurrent map on the caller's thread) against asking a GenServer that holds the same map (a call:
 * every lookup queues behind the one server). Both hold {@value #KEYS} keys; 1, 2 and 4 threads look up keys
 * spread over all of them. Side by side in one run; {@code otp4j-bench/run-registry} runs it, with JMH's
 * threads as virtual threads ({@code -Djmh.executor=VIRTUAL}), as otp4j's callers are.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RegistryLookupBenchmark {

    static final int KEYS = 10_000;

    /** The GenServer alternative: a map from key to pid behind one process. */
    static final class MapServer implements GenServer<Map<Integer, Pid>, MapServer.Lookup, NoCast> {
        record Lookup(int key) implements Call<Optional<Pid>> {}

        private final Map<Integer, Pid> initial;

        MapServer(Map<Integer, Pid> initial) {
            this.initial = initial;
        }

        @Override
        public Init<Map<Integer, Pid>> init(ProcessContext self) {
            return Init.ok(new HashMap<>(initial));
        }

        @Override
        public CallResult<Map<Integer, Pid>> handleCall(Lookup lookup, From from, Map<Integer, Pid> map) {
            return reply(lookup, Optional.ofNullable(map.get(lookup.key())), map);
        }
    }

    /** Each thread walks the keys with a stride, so threads do not all hit one key. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next = (int) (Thread.currentThread().threadId() * 7919 % KEYS);

        int key() {
            next += 7919;
            if (next >= KEYS) {
                next -= KEYS;
            }
            return next;
        }
    }

    private Node node;
    private Registry<Integer, Integer> registry;
    private GenServerRef<MapServer.Lookup, NoCast> server;

    @Setup
    public void setup() throws Exception {
        node = Node.start("registry-bench");
        registry = Registry.start(node, "bench", RegistryOptions.unique());
        CompletableFuture<Pid> holder = new CompletableFuture<>();
        node.spawn(self -> {
            for (int k = 0; k < KEYS; k++) {
                registry.register(self, k, k);
            }
            holder.complete(self.self());
            self.receive(); // keeps its keys until the node closes
        });
        Pid pid = holder.get(30, TimeUnit.SECONDS);
        Map<Integer, Pid> map = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            map.put(k, pid);
        }
        server = GenServer.start(node, new MapServer(map));
        if (registry.count() != KEYS
                || server.call(new MapServer.Lookup(KEYS - 1)).isEmpty()) {
            throw new IllegalStateException("the benchmark's registry and server do not hold every key");
        }
    }

    @TearDown
    public void tearDown() {
        node.close();
    }

    private List<Entry<Integer, Integer>> registryLookup(Cursor cursor) {
        return registry.lookup(cursor.key());
    }

    private Optional<Pid> serverLookup(Cursor cursor) {
        return server.call(new MapServer.Lookup(cursor.key()));
    }

    @Benchmark
    @Threads(1)
    public List<Entry<Integer, Integer>> registry1Thread(Cursor cursor) {
        return registryLookup(cursor);
    }

    @Benchmark
    @Threads(2)
    public List<Entry<Integer, Integer>> registry2Threads(Cursor cursor) {
        return registryLookup(cursor);
    }

    @Benchmark
    @Threads(4)
    public List<Entry<Integer, Integer>> registry4Threads(Cursor cursor) {
        return registryLookup(cursor);
    }

    @Benchmark
    @Threads(1)
    public Optional<Pid> genServer1Thread(Cursor cursor) {
        return serverLookup(cursor);
    }

    @Benchmark
    @Threads(2)
    public Optional<Pid> genServer2Threads(Cursor cursor) {
        return serverLookup(cursor);
    }

    @Benchmark
    @Threads(4)
    public Optional<Pid> genServer4Threads(Cursor cursor) {
        return serverLookup(cursor);
    }
}
