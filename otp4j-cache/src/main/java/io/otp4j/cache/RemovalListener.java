package io.otp4j.cache;

/**
 * Told of every entry that leaves a {@link Cache}, with the cause (con_cache's {@code callback}).
 *
 * <p>It runs on the thread that removed the entry, after the removal: a caller's thread for a delete, a
 * replacing write or an eviction done during a write; the cache's own process for expirations it finds on its
 * schedule; the caller of {@link Cache#cleanUp()}. Keep it short. If it throws, the exception is logged and
 * the cache goes on. It may use the cache, but not wait on a key that another thread is updating while that
 * thread waits on something this listener holds. A closing cache tells it nothing.
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
