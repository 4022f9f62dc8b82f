package io.otp4j.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import io.otp4j.process.ExitReason;
import io.otp4j.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The entries of one cache and how they change: Caffeine's store with a time to live per entry, the key locks
 * that isolate writes, the statistics and the removal listener. {@link Cache} checks its callers' arguments and
 * hands the operations here, on the caller's thread; times to live arrive in nanoseconds, {@link Ttl#NEVER} for
 * none.
 *
 * <p>The entries close once, as the cache's process exits ({@link #close}): they are dropped without telling the
 * listener, and every later operation throws {@link CacheClosedException} with the exit reason.
 */
final class Entries<K, V> {

    static final System.Logger LOG = System.getLogger("io.otp4j.cache");

    /** Under each key, what {@link Stored} makes of its value and time to live. */
    private final com.github.benmanes.caffeine.cache.Cache<K, Object> store;

    private final Policy.VarExpiration<K, Object> expiration;

    /** The time Caffeine reads: the clock's, fixed through each upkeep at its start. */
    private final UpkeepTicker ticker;

    private final KeyLocks<K> locks = new KeyLocks<>();
    private final Counters counters = new Counters();
    private final long defaultTtlNanos;
    private final long lockTimeoutNanos;
    private final @Nullable RemovalListener<K, V> listener;

    /** Names the cache in messages. */
    private final Supplier<String> cache;

    /** Set as the process exits; from then on every operation fails. */
    private volatile @Nullable ExitReason closedWith;

    /**
     * @param clock the node's clock, which times the entries
     * @param scheduler where Caffeine's upkeep and the listener's calls run: the cache's process
     * @param cache names the cache in messages
     */
    Entries(Clock clock, CacheOptions<? super K, ? super V> options, ClockScheduler scheduler, Supplier<String> cache) {
        this.cache = cache;
        this.defaultTtlNanos = options.ttl().map(t -> Ttl.nanos(t, "ttl")).orElse(Ttl.NEVER);
        this.lockTimeoutNanos = Ttl.nanos(options.lockTimeout(), "lockTimeout");
        this.listener = options.removalListener().map(Entries::<K, V>narrow).orElse(null);
        this.ticker = new UpkeepTicker(clock);
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .ticker(ticker)
                .scheduler(scheduler)
                // Maintenance and the removal listener run on the cache's process, off the callers' threads
                // (inline, Caffeine's maintenance would make every write several times dearer).
                .executor(scheduler)
                .recordStats(() -> counters);
        if (options.maximumSize().isPresent()) {
            builder.maximumSize(options.maximumSize().getAsLong());
        }
        Caffeine<K, Object> typed =
                builder.expireAfter(Stored.<K>expiry(options.touchOnRead(), defaultTtlNanos, ticker));
        if (listener != null) {
            // Only with a listener: Caffeine then hands every removal, replacements included, to the process.
            typed = typed.removalListener(this::removed);
        }
        this.store = typed.build();
        this.expiration = store.policy()
                .expireVariably()
                .orElseThrow(() -> new IllegalStateException("Caffeine built a cache without variable expiry"));
    }

    private static <K, V> RemovalListener<K, V> narrow(RemovalListener<? super K, ? super V> listener) {
        return listener::onRemoval;
    }

    long defaultTtlNanos() {
        return defaultTtlNanos;
    }

    // ---------------------------------------------------------------------------------------------- reading

    Optional<V> get(K key) {
        checkOpen();
        Object stored = store.getIfPresent(key);
        return stored == null ? Optional.empty() : Optional.of(Stored.valueOf(stored));
    }

    boolean touch(K key) {
        checkOpen();
        Object stored = store.policy().getIfPresentQuietly(key);
        if (stored == null) {
            return false;
        }
        // Caffeine adds this to its own reading of the ticker, no earlier than the one taken here.
        long ttl = ticker.expiresIn(Stored.ttlOf(stored, defaultTtlNanos), ticker.read());
        expiration.setExpiresAfter(key, Duration.ofNanos(ttl));
        return true;
    }

    long size() {
        checkOpen();
        return store.estimatedSize();
    }

    /** {@return Caffeine's estimate of the entries held, open or not} (for the process's status) */
    long estimatedSize() {
        return store.estimatedSize();
    }

    CacheStats stats() {
        return counters.stats();
    }

    // ---------------------------------------------------------------------------------------------- writing

    void put(K key, V value, long ttlNanos) {
        checkOpen();
        Object stored = Stored.of(value, ttlNanos, defaultTtlNanos);
        int stripe = locks.enterQuick(key);
        if (stripe < 0) {
            isolated(key, () -> write(key, stored));
            return;
        }
        try {
            write(key, stored);
        } finally {
            locks.exitQuick(stripe);
        }
    }

    boolean insertNew(K key, V value, long ttlNanos) {
        Object stored = Stored.of(value, ttlNanos, defaultTtlNanos);
        return quick(key, () -> {
            // Looked at quietly first: Caffeine's putIfAbsent counts finding a value as a read, which would
            // renew it under touch on read. Quick work on the key may store between the look and the
            // putIfAbsent; only then does the refused insert count as a read of what was stored a moment ago.
            if (store.policy().getIfPresentQuietly(key) != null) {
                return false;
            }
            return store.asMap().putIfAbsent(key, stored) == null;
        });
    }

    boolean delete(K key) {
        return quick(key, () -> {
            if (store.asMap().remove(key) == null) {
                return false; // none, or expired (Caffeine counts that as an expiration)
            }
            counters.deleted();
            return true;
        });
    }

    V getOrStore(K key, long ttlNanos, Function<? super K, ? extends V> compute) {
        checkOpen();
        Object hit = store.getIfPresent(key);
        if (hit != null) {
            return Stored.valueOf(hit);
        }
        return loadMissing(key, ttlNanos, compute);
    }

    /** {@link #getOrStore}'s miss, apart so that its hit stays small. */
    private V loadMissing(K key, long ttlNanos, Function<? super K, ? extends V> compute) {
        return isolated(key, () -> {
            Object stored = store.policy().getIfPresentQuietly(key);
            if (stored != null) {
                return Stored.<V>valueOf(stored); // another caller computed it while this one waited
            }
            V value = load(key, compute);
            write(key, Stored.of(value, ttlNanos, defaultTtlNanos));
            return value;
        });
    }

    private V load(K key, Function<? super K, ? extends V> compute) {
        V value;
        try {
            value = compute.apply(key);
        } catch (RuntimeException | Error e) {
            counters.recordLoadFailure(0);
            throw e;
        }
        if (value == null) {
            counters.recordLoadFailure(0);
            throw new NullPointerException(
                    cache.get() + ": the function given to getOrStore returned null for key " + key);
        }
        counters.recordLoadSuccess(0);
        return value;
    }

    /** {@code ttlNanos} negative: the entry's own, or the cache's for a new entry. */
    V update(K key, long ttlNanos, Function<? super Optional<V>, ? extends V> update) {
        return isolated(key, () -> {
            Object current = store.policy().getIfPresentQuietly(key);
            V value = update.apply(current == null ? Optional.empty() : Optional.of(Stored.valueOf(current)));
            long ttl = ttlNanos >= 0
                    ? ttlNanos
                    : current != null ? Stored.ttlOf(current, defaultTtlNanos) : defaultTtlNanos;
            write(key, Stored.of(requireUpdated(key, value), ttl, defaultTtlNanos));
            return value;
        });
    }

    Optional<V> updateExisting(K key, UnaryOperator<V> update) {
        return isolated(key, () -> {
            Object current = store.policy().getIfPresentQuietly(key);
            if (current == null) {
                return Optional.empty();
            }
            V value = requireUpdated(key, update.apply(Stored.valueOf(current)));
            write(key, Stored.of(value, Stored.ttlOf(current, defaultTtlNanos), defaultTtlNanos));
            return Optional.of(value);
        });
    }

    private V requireUpdated(K key, @Nullable V value) {
        if (value == null) {
            throw new NullPointerException(
                    cache.get() + ": the update function returned null for key " + key + "; nothing was changed");
        }
        return value;
    }

    void cleanUp() {
        checkOpen();
        store.cleanUp();
    }

    /**
     * Runs a task Caffeine handed the cache's process (its maintenance, or a removal to tell the listener), on the
     * time read as it starts: see {@link UpkeepTicker}.
     */
    void upkeep(Runnable task) {
        ticker.upkeep(task, store::cleanUp);
    }

    /** Stores under {@code key}, holding its lock; counts a replaced live value. */
    private boolean write(K key, Object stored) {
        boolean replaced = store.asMap().put(key, stored) != null;
        if (replaced) {
            counters.replaced();
        }
        return replaced;
    }

    /**
     * An isolated write that runs no user code and does not block (an insert, a delete): done as quick work while
     * no one holds a key of its stripe, otherwise {@linkplain #isolated after the holder}. See {@link KeyLocks}.
     */
    @SuppressWarnings("unchecked")
    private <T> T quick(K key, Supplier<T> work) {
        checkOpen();
        Object result = locks.runIfFree(key, work);
        return result == KeyLocks.HELD ? isolated(key, work) : (T) result;
    }

    /** An isolated write: {@code work} runs holding {@code key}'s lock. */
    private <T> T isolated(K key, Supplier<T> work) {
        checkOpen();
        ReentrantLock lock;
        try {
            lock = locks.acquire(key, lockTimeoutNanos);
        } catch (KeyLocks.TimedOut e) {
            throw new CacheLockTimeoutException(cache.get(), key, Duration.ofNanos(lockTimeoutNanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheInterruptedException(
                    cache.get() + ": interrupted while waiting for the lock of key " + key + "; nothing was changed");
        }
        try {
            checkOpen(); // it may have closed while this write waited
            return work.get();
        } finally {
            locks.release(key, lock);
        }
    }

    /** {@return how many keys have a lock now} (tests check that none is left behind) */
    int lockedKeys() {
        return locks.size();
    }

    // ---------------------------------------------------------------------------------------------- closing

    /** {@return the reason the cache's process exited with, or null while it is open} */
    @Nullable
    ExitReason closedWith() {
        return closedWith;
    }

    private void checkOpen() {
        ExitReason reason = closedWith;
        if (reason != null) {
            throw new CacheClosedException(cache.get(), reason);
        }
    }

    /** Closes the entries as the cache's process exits with {@code reason}: drops them, telling no listener. */
    void close(ExitReason reason) {
        closedWith = reason; // first: operations fail from here on, and the listener hears nothing more
        store.invalidateAll();
        store.cleanUp();
    }

    /** Caffeine's removal listener, on the cache's process: tells the user's listener, with our cause. */
    private void removed(
            @Nullable K key, @Nullable Object stored, com.github.benmanes.caffeine.cache.RemovalCause cause) {
        if (closedWith != null || key == null || stored == null) {
            return; // closing drops everything silently; keys and values are strong, so never collected
        }
        RemovalCause ours = switch (cause) {
            case EXPLICIT -> RemovalCause.DELETED;
            case REPLACED -> RemovalCause.REPLACED;
            case EXPIRED -> RemovalCause.EXPIRED;
            case SIZE, COLLECTED -> RemovalCause.EVICTED;
        };
        RemovalListener<K, V> told = listener;
        if (told != null) {
            try {
                ticker.live(() -> told.onRemoval(key, Stored.valueOf(stored), ours));
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        () -> cache.get() + ": the removal listener failed on " + key + " (" + ours
                                + "); the cache goes on",
                        e);
            }
        }
    }
}
