package io.otp4j.bench;

import io.otp4j.process.Node;
import io.otp4j.table.CounterField;
import io.otp4j.table.SetTable;
import io.otp4j.table.Table;
import io.otp4j.table.TableAccess;
import io.otp4j.table.TableOptions;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Table reads and writes against a bare JDK map, in the same run: a public {@code set} table against the {@link
 * ConcurrentHashMap} it rests on, an {@code ordered_set} (on otp4j's own B+-tree) against a bare {@link
 * ConcurrentSkipListMap}, the JDK's concurrent ordered map, which it rested on before.
 * Each holds {@value #KEYS} integer keys; every operation takes the next key of a random sequence (one cursor per
 * thread, each starting elsewhere). The same workload runs on ETS in {@code beam/table_bench.erl}.
 *
 * <p>Workloads: lookup, insert (replacing a present key's value), and a counter update with a default ({@code
 * ets:update_counter/4}; on the map, {@code merge}). Run with {@code -t 1} and {@code -t 2} for one and two
 * threads ({@code otp4j-bench/run-table} does both).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TableBenchmark {

    static final int KEYS = 100_000;
    static final int SEQUENCE = 1 << 16;
    private static final Long MISSING = -1L;
    private static final Long ONE = 1L;
    private static final CounterField<Long> COUNT = CounterField.value();

    final Integer[] sequence = new Integer[SEQUENCE];
    private final AtomicInteger starts = new AtomicInteger();

    private Node node;
    private SetTable<Integer, Long> set;
    private SetTable<Integer, Long> ordered;
    private ConcurrentHashMap<Integer, Long> map;
    private ConcurrentSkipListMap<Integer, Long> skipList;

    /** Each thread's place in the key sequence. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        @Setup
        public void setup(TableBenchmark bench) {
            next = bench.starts.getAndAdd(SEQUENCE / 7) & (SEQUENCE - 1);
        }

        Integer key(Integer[] sequence) {
            Integer key = sequence[next];
            next = (next + 1) & (SEQUENCE - 1);
            return key;
        }
    }

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(42);
        Integer[] keys = new Integer[KEYS];
        for (int k = 0; k < KEYS; k++) {
            keys[k] = k;
        }
        for (int i = 0; i < SEQUENCE; i++) {
            sequence[i] = keys[random.nextInt(KEYS)];
        }
        node = Node.start("table-bench");
        CompletableFuture<SetTable<Integer, Long>> sets = new CompletableFuture<>();
        CompletableFuture<SetTable<Integer, Long>> ordereds = new CompletableFuture<>();
        TableOptions options = TableOptions.defaults().withAccess(TableAccess.PUBLIC);
        node.spawn(self -> {
            sets.complete(Table.set(self, options));
            ordereds.complete(Table.orderedSet(self, options));
            self.receive(); // owns the tables until the node closes
        });
        set = sets.join();
        ordered = ordereds.join();
        map = new ConcurrentHashMap<>();
        skipList = new ConcurrentSkipListMap<>();
        for (Integer k : keys) {
            set.insert(k, 0L);
            ordered.insert(k, 0L);
            map.put(k, 0L);
            skipList.put(k, 0L);
        }
    }

    @TearDown
    public void tearDown() {
        node.close();
    }

    // ------------------------------------------------------------------ set vs ConcurrentHashMap

    @Benchmark
    public Long setLookup(Cursor cursor) {
        return set.lookup(cursor.key(sequence)).orElse(MISSING);
    }

    @Benchmark
    public Long mapGet(Cursor cursor) {
        return map.getOrDefault(cursor.key(sequence), MISSING);
    }

    @Benchmark
    public void setInsert(Cursor cursor) {
        set.insert(cursor.key(sequence), ONE);
    }

    @Benchmark
    public Long mapPut(Cursor cursor) {
        return map.put(cursor.key(sequence), ONE);
    }

    @Benchmark
    public long setCounter(Cursor cursor) {
        return set.updateCounter(cursor.key(sequence), COUNT, 1, 0L);
    }

    @Benchmark
    public Long mapCounter(Cursor cursor) {
        return map.merge(cursor.key(sequence), ONE, Long::sum);
    }

    // ------------------------------------------------------------------ ordered set vs ConcurrentSkipListMap

    @Benchmark
    public Long orderedLookup(Cursor cursor) {
        return ordered.lookup(cursor.key(sequence)).orElse(MISSING);
    }

    @Benchmark
    public Long skipListGet(Cursor cursor) {
        return skipList.getOrDefault(cursor.key(sequence), MISSING);
    }

    @Benchmark
    public void orderedInsert(Cursor cursor) {
        ordered.insert(cursor.key(sequence), ONE);
    }

    @Benchmark
    public Long skipListPut(Cursor cursor) {
        return skipList.put(cursor.key(sequence), ONE);
    }

    @Benchmark
    public long orderedCounter(Cursor cursor) {
        return ordered.updateCounter(cursor.key(sequence), COUNT, 1, 0L);
    }

    @Benchmark
    public Long skipListCounter(Cursor cursor) {
        return skipList.merge(cursor.key(sequence), ONE, Long::sum);
    }
}
