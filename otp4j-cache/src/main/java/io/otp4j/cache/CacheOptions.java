package io.otp4j.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a {@link Cache} behaves. Immutable; each {@code with…} returns a copy. Start from {@link #defaults()}.
 *
 * {@snippet class="io.otp4j.cache.PackageExampleTest" region="options"}
 *
 * <p>As with Caffeine's builder, {@link #withRemovalListener} narrows the key and value types to the
 * listener's, and {@code Cache.start} narrows {@code Object} to the types the caller asks for.
 *
 * @param ttl how long an entry lives after its last write (or read, with {@code touchOnRead}) unless put with a
 *     time to live of its own; empty: entries live until deleted or evicted. Measured on the node's clock.
 * @param touchOnRead whether a read ({@code get}, a {@code getOrStore} that finds the entry) renews the
 *     entry's time to live (con_cache's {@code touch_on_read}); writes always renew it
 * @param maximumSize the most entries the cache keeps; past it, Caffeine evicts the entries least likely to be
 *     used again (its W-TinyLFU policy). Empty: no bound.
 * @param name a name the cache's process registers, so that {@link Cache#whereis} finds the cache (a restarted
 *     cache is a new object under the same name)
 * @param lockTimeout how long an isolated operation waits for another one on the same key before it fails with
 *     {@link CacheLockTimeoutException} (con_cache's {@code acquire_lock_timeout}); measured in real time
 * @param removalListener told of every entry that leaves the cache, with the cause
 * @param <K> the keys the listener takes
 * @param <V> the values the listener takes
 */
public record CacheOptions<K, V>(
        Optional<Duration> ttl,
        boolean touchOnRead,
        OptionalLong maximumSize,
        Optional<String> name,
        Duration lockTimeout,
        Optional<RemovalListener<? super K, ? super V>> removalListener) {

    /** The lock timeout of {@link #defaults()}: 5 seconds, as con_cache's. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

    private static final CacheOptions<Object, Object> DEFAULTS = new CacheOptions<>(
            Optional.empty(), false, OptionalLong.empty(), Optional.empty(), DEFAULT_LOCK_TIMEOUT, Optional.empty());

    /** Checks the components; a null or invalid one throws, naming the component and the problem. */
    public CacheOptions {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(maximumSize, "maximumSize");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(removalListener, "removalListener");
        ttl.ifPresent(t -> Ttl.checkPositive(t, "ttl"));
        if (maximumSize.isPresent() && maximumSize.getAsLong() <= 0) {
            throw new IllegalArgumentException("maximumSize must be positive, was " + maximumSize.getAsLong());
        }
        name.ifPresent(n -> {
            if (n.isBlank()) {
                throw new IllegalArgumentException("a cache's name must not be blank, was \"" + n + "\"");
            }
        });
        Ttl.checkPositive(lockTimeout, "lockTimeout");
    }

    /** {@return no time to live, no touch on read, no size bound, no name, a 5-second lock timeout, no listener} */
    public static CacheOptions<Object, Object> defaults() {
        return DEFAULTS;
    }

    /**
     * {@return a copy in which entries live {@code ttl} after their last write, unless put with their own}
     *
     * @param ttl how long an entry lives after its last write (and read, with touch on read); positive
     */
    public CacheOptions<K, V> withTtl(Duration ttl) {
        return new CacheOptions<>(
                Optional.of(Objects.requireNonNull(ttl, "ttl")),
                touchOnRead,
                maximumSize,
                name,
                lockTimeout,
                removalListener);
    }

    /** {@return a copy in which entries live until deleted or evicted, unless put with a time to live} */
    public CacheOptions<K, V> withoutTtl() {
        return new CacheOptions<>(Optional.empty(), touchOnRead, maximumSize, name, lockTimeout, removalListener);
    }

    /**
     * {@return a copy in which reads renew an entry's time to live, or not}
     *
     * @param touchOnRead true to renew an entry's time to live on every read that finds it
     */
    public CacheOptions<K, V> withTouchOnRead(boolean touchOnRead) {
        return new CacheOptions<>(ttl, touchOnRead, maximumSize, name, lockTimeout, removalListener);
    }

    /**
     * {@return a copy that keeps at most {@code maximumSize} entries}
     *
     * @param maximumSize the most entries kept; beyond it Caffeine evicts (cause EVICTED); positive
     */
    public CacheOptions<K, V> withMaximumSize(long maximumSize) {
        return new CacheOptions<>(ttl, touchOnRead, OptionalLong.of(maximumSize), name, lockTimeout, removalListener);
    }

    /**
     * {@return a copy whose process registers {@code name}}
     *
     * @param name the name, registered on the cache's node and found with {@code Cache.whereis}; not blank
     */
    public CacheOptions<K, V> withName(String name) {
        return new CacheOptions<>(
                ttl,
                touchOnRead,
                maximumSize,
                Optional.of(Objects.requireNonNull(name, "name")),
                lockTimeout,
                removalListener);
    }

    /**
     * {@return a copy whose isolated operations wait at most {@code lockTimeout} for a key}
     *
     * @param lockTimeout how long an isolated operation waits for its key's lock before it fails; positive
     */
    public CacheOptions<K, V> withLockTimeout(Duration lockTimeout) {
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        return new CacheOptions<>(ttl, touchOnRead, maximumSize, name, lockTimeout, removalListener);
    }

    /**
     * {@return a copy that tells {@code listener} of every entry that leaves the cache} It narrows the options'
     * key and value types to the listener's.
     *
     * @param <K1> the keys of the new options, those of the listener
     * @param <V1> the values of the new options, those of the listener
     * @param listener told of each entry that leaves, with its cause, on the cache's process
     */
    public <K1 extends K, V1 extends V> CacheOptions<K1, V1> withRemovalListener(
            RemovalListener<? super K1, ? super V1> listener) {
        Objects.requireNonNull(listener, "listener");
        return new CacheOptions<K1, V1>(ttl, touchOnRead, maximumSize, name, lockTimeout, Optional.of(listener));
    }
}
