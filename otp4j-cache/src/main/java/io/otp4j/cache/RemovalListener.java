package io.otp4j.cache;

/**
 * Told of every entry that leaves a {@link Cache}, with the cause (con_cache's {@code callback}).
 *
 * <p>It runs on the cache's process, one call at a time and in the order of the removals, shortly after each
 * removal (Caffeine hands its notifications to the process). Keep it short: Caffeine's upkeep runs on the same
 * process. If it throws, the exception is logged and the cache goes on. It may use the cache. A closing cache
 * tells it nothing more, not even of removals it had not yet reported.
 *
 * @param <K> the keys
 * @param <V> the values
 */
@FunctionalInterface
public interface RemovalListener<K, V> {

    /**
     * An entry left the cache.
     *
     * @param key its key
     * @param value the value it had (for {@link RemovalCause#REPLACED}, the value replaced)
     * @param cause why
     */
    void onRemoval(K key, V value, RemovalCause cause);
}
