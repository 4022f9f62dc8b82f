package io.otp4j.cache;

import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cache's statistics. Caffeine reports hits and misses, and each entry it expires or evicts with the cause,
 * here; the cache reports its loads, deletions and replacements. Each removal is counted once, as it happens,
 * whether or not a removal listener is told of it.
 */
final class Counters implements StatsCounter {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder loadFailures = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder expirations = new LongAdder();
    private final LongAdder deletions = new LongAdder();
    private final LongAdder replacements = new LongAdder();

    @Override
    public void recordHits(int count) {
        hits.add(count);
    }

    @Override
    public void recordMisses(int count) {
        misses.add(count);
    }

    @Override
    public void recordLoadSuccess(long loadTime) {
        loads.increment();
    }

    @Override
    public void recordLoadFailure(long loadTime) {
        loadFailures.increment();
    }

    /** Caffeine removed an entry by itself: its time to live ran out, or the size bound pushed it out. */
    @Override
    public void recordEviction(int weight, com.github.benmanes.caffeine.cache.RemovalCause cause) {
        if (cause == com.github.benmanes.caffeine.cache.RemovalCause.EXPIRED) {
            expirations.increment();
        } else {
            evictions.increment();
        }
    }

    void deleted() {
        deletions.increment();
    }

    void replaced() {
        replacements.increment();
    }

    CacheStats stats() {
        return new CacheStats(
                hits.sum(),
                misses.sum(),
                loads.sum(),
                loadFailures.sum(),
                evictions.sum(),
                expirations.sum(),
                deletions.sum(),
                replacements.sum());
    }

    /** Caffeine's view, for its {@code stats()}; the cache's users read {@link #stats()}. */
    @Override
    public com.github.benmanes.caffeine.cache.stats.CacheStats snapshot() {
        return com.github.benmanes.caffeine.cache.stats.CacheStats.of(
                hits.sum(), misses.sum(), loads.sum(), loadFailures.sum(), 0, evictions.sum() + expirations.sum(), 0);
    }
}
