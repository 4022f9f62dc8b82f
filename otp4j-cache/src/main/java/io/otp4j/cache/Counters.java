package io.otp4j.cache;

import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cache's statistics. Caffeine reports hits and misses here; the cache reports its loads, and its removal
 * listener the removals by cause (so that expirations and size evictions are told apart, and each removal is
 * counted once, whichever path removed it).
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

    /** Caffeine's own eviction count is not used: {@link #removed} counts every removal once, by cause. */
    @Override
    public void recordEviction(int weight, com.github.benmanes.caffeine.cache.RemovalCause cause) {}

    void removed(RemovalCause cause) {
        switch (cause) {
            case EXPIRED -> expirations.increment();
            case EVICTED -> evictions.increment();
            case DELETED -> deletions.increment();
            case REPLACED -> replacements.increment();
        }
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
