package io.otp4j.cache;

import com.github.benmanes.caffeine.cache.Expiry;

/**
 * What the cache keeps under a key when the entry has a time to live of its own: the value and that time, so
 * that Caffeine's variable expiration can give each entry the time it was put with. An entry that lives for the
 * cache's time to live is kept as the bare value, with nothing around it: no allocation on its write, no
 * indirection on its read. The value can never be a {@code Stored} itself, as the class is this package's own.
 *
 * @param value the value
 * @param ttlNanos the entry's time to live in nanoseconds ({@link Ttl#NEVER} for none)
 */
record Stored<V>(V value, long ttlNanos) {

    /**
     * {@return what the store keeps for {@code value} to live {@code ttlNanos}, in a cache whose own time to live
     * is {@code defaultTtlNanos}}
     */
    static Object of(Object value, long ttlNanos, long defaultTtlNanos) {
        return ttlNanos == defaultTtlNanos ? value : new Stored<>(value, ttlNanos);
    }

    /** {@return the value in what the store keeps} */
    @SuppressWarnings("unchecked") // the store holds the cache's values, bare or in a Stored
    static <V> V valueOf(Object stored) {
        return stored instanceof Stored<?> own ? (V) own.value() : (V) stored;
    }

    /** {@return the time to live of what the store keeps, in a cache whose own is {@code defaultTtlNanos}} */
    static long ttlOf(Object stored, long defaultTtlNanos) {
        return stored instanceof Stored<?> own ? own.ttlNanos() : defaultTtlNanos;
    }

    /**
     * The expiration policy: a write (create or update) gives the entry its time to live again, from the precise
     * time of the write (Caffeine hands it the ticker's coarse time: see {@link UpkeepTicker#expiresIn}); a read does
     * too when the cache touches on read, and otherwise leaves the time left as it was.
     */
    static <K> Expiry<K, Object> expiry(boolean touchOnRead, long defaultTtlNanos, UpkeepTicker ticker) {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(K key, Object stored, long currentTime) {
                return ticker.expiresIn(ttlOf(stored, defaultTtlNanos), currentTime);
            }

            @Override
            public long expireAfterUpdate(K key, Object stored, long currentTime, long currentDuration) {
                return ticker.expiresIn(ttlOf(stored, defaultTtlNanos), currentTime);
            }

            @Override
            public long expireAfterRead(K key, Object stored, long currentTime, long currentDuration) {
                return touchOnRead ? ticker.expiresIn(ttlOf(stored, defaultTtlNanos), currentTime) : currentDuration;
            }
        };
    }
}
