package io.otp4j.cache;

import com.github.benmanes.caffeine.cache.Expiry;

/**
 * What the cache keeps under a key: the value and its own time to live, so that Caffeine's variable expiration
 * can give each entry the time it was put with.
 *
 * @param value the value
 * @param ttlNanos the entry's time to live in nanoseconds ({@link Ttl#NEVER} for none)
 */
record Stored<V>(V value, long ttlNanos) {

    /**
     * The expiration policy: a write (create or update) gives the entry its time to live again; a read does
     * too when the cache touches on read, and otherwise leaves the time left as it was.
     */
    static <K, V> Expiry<K, Stored<V>> expiry(boolean touchOnRead) {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(K key, Stored<V> stored, long currentTime) {
                return stored.ttlNanos();
            }

            @Override
            public long expireAfterUpdate(K key, Stored<V> stored, long currentTime, long currentDuration) {
                return stored.ttlNanos();
            }

            @Override
            public long expireAfterRead(K key, Stored<V> stored, long currentTime, long currentDuration) {
                return touchOnRead ? stored.ttlNanos() : currentDuration;
            }
        };
    }
}
