package io.otp4j.bench;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.otp4j.cache.Cache;
import io.otp4j.cache.CacheOptions;
import io.otp4j.process.Node;
import io.otp4j.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
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
 * otp4j's cache against plain Caffeine, side by side in one run: reads that hit and writes that replace, over
 * {@value #KEYS} keys picked at random. Both have the same size bound and a 10-minute time to live; otp4j's
 * adds what it is for (per-entry times to live on the node's clock, isolated writes, statistics, an owning
 * process), and the figures show what that costs. Run with {@code -t 1} and {@code -t 2} for one and two
 * threads ({@code otp4j-bench/run-cache} does both).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CacheBenchmark {

    static final int KEYS = 1 << 14;
    static final Duration TTL = Duration.ofMinutes(10);

    private Node node;
    private Cache<Integer, Integer> otp4j;
    private com.github.benmanes.caffeine.cache.Cache<Integer, Integer> caffeine;
    private com.github.benmanes.caffeine.cache.Cache<Integer, Integer> caffeineVariable;
    private com.github.benmanes.caffeine.cache.Cache<Integer, Integer> caffeineCoarse;

    /** Each thread's own random keys, drawn ahead so the draw costs nothing in the measurement. */
    @State(Scope.Thread)
    public static class Keys {
        private static final int MASK = (1 << 16) - 1;
        private final Integer[] keys = new Integer[MASK + 1];
        private int next;

        @Setup(Level.Trial)
        public void draw() {
            SplittableRandom random =
                    new SplittableRandom(Thread.currentThread().threadId());
            for (int i = 0; i < keys.length; i++) {
                keys[i] = random.nextInt(KEYS);
            }
        }

        Integer next() {
            return keys[next++ & MASK];
        }
    }

    @Setup
    public void setup() {
        node = Node.start("bench");
        otp4j = Cache.start(node, CacheOptions.defaults().withTtl(TTL).withMaximumSize(KEYS * 2L));
        caffeine = Caffeine.newBuilder()
                .maximumSize(KEYS * 2L)
                .expireAfterWrite(TTL)
                .build();
        caffeineVariable = Caffeine.newBuilder()
                .maximumSize(KEYS * 2L)
                .expireAfter(Expiry.<Integer, Integer>writing((key, value) -> TTL))
                .recordStats()
                .build();
        // Plain Caffeine on the time source otp4j's cache reads (ADR 44), for what is left between the two.
        caffeineCoarse = Caffeine.newBuilder()
                .maximumSize(KEYS * 2L)
                .expireAfterWrite(TTL)
                .ticker(Clock.system()::coarseNanoTime)
                .build();
        for (int i = 0; i < KEYS; i++) {
            otp4j.put(i, i);
            caffeine.put(i, i);
            caffeineCoarse.put(i, i);
            caffeineVariable.put(i, i);
        }
    }

    @TearDown
    public void tearDown() {
        otp4j.stop();
        node.close();
    }

    @Benchmark
    public Object getOtp4j(Keys keys) {
        return otp4j.get(keys.next());
    }

    @Benchmark
    public Object getCaffeine(Keys keys) {
        return caffeine.getIfPresent(keys.next());
    }

    /** A read of plain Caffeine whose ticker is the coarse time otp4j's cache reads ({@link #getOtp4j}). */
    @Benchmark
    public Object getCaffeineCoarse(Keys keys) {
        return caffeineCoarse.getIfPresent(keys.next());
    }

    /**
     * A read of Caffeine built with what otp4j's cache needs of it ({@link #putCaffeineVariable}): the difference to
     * {@link #getCaffeine} is Caffeine's cost of those features, the difference to {@link #getOtp4j} otp4j's.
     */
    @Benchmark
    public Object getCaffeineVariable(Keys keys) {
        return caffeineVariable.getIfPresent(keys.next());
    }

    @Benchmark
    public void putOtp4j(Keys keys) {
        Integer key = keys.next();
        otp4j.put(key, key);
    }

    @Benchmark
    public void putCaffeine(Keys keys) {
        Integer key = keys.next();
        caffeine.put(key, key);
    }

    /**
     * Caffeine built with what otp4j's cache needs of it (a time to live per entry, so variable expiration, and
     * statistics), on Caffeine's default executor: the difference to {@link #putCaffeine} is Caffeine's cost of
     * those features, the difference to {@link #putOtp4j} is otp4j's (the key's lock, upkeep on the process).
     */
    @Benchmark
    public void putCaffeineVariable(Keys keys) {
        Integer key = keys.next();
        caffeineVariable.put(key, key);
    }

    @Benchmark
    public Object getOrStoreOtp4j(Keys keys) {
        return otp4j.getOrStore(keys.next(), k -> k);
    }

    @Benchmark
    public Object getOrStoreCaffeine(Keys keys) {
        return caffeine.get(keys.next(), k -> k);
    }
}
