package io.otp4j.cache;

/**
 * A snapshot of what a {@link Cache} has done since it started. Counts only grow.
 *
 * @param hits reads that found a live entry ({@link Cache#get}, and {@link Cache#getOrStore} at its first look)
 * @param misses reads that found none
 * @param loads values that {@link Cache#getOrStore} computed and stored
 * @param loadFailures computations of {@code getOrStore} that threw or returned null (nothing was stored)
 * @param evictions entries the size bound pushed out
 * @param expirations entries whose time to live ran out and that the cache removed
 * @param deletions entries removed by {@link Cache#delete}
 * @param replacements values replaced by a write to a key that had one
 */
public record CacheStats(
        long hits,
        long misses,
        long loads,
        long loadFailures,
        long evictions,
        long expirations,
        long deletions,
        long replacements) {

    /** {@return hits over reads, or 1.0 when there were no reads (nothing was missed)} */
    public double hitRatio() {
        long reads = hits + misses;
        return reads == 0 ? 1.0 : (double) hits / reads;
    }
}
