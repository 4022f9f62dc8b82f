package io.otp4j.examples;

/**
 * A read-through cache: {@link #get} returns the cached value or loads it once. Two ways to build it are
 * compared: {@link TableCache} (readers read a shared table on their own threads) and {@link MapServerCache}
 * (every read is a call to the one GenServer that holds the map).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public sealed interface ReadCache<K, V> permits TableCache, MapServerCache {

    /**
     * {@return the value for {@code key}, loaded on first use}
     *
     * @param key the key
     */
    V get(K key);

    /** {@return how many times the loader ran} */
    long loads();

    /** Stops the process that owns the cache; its entries go with it. */
    void stop();
}
