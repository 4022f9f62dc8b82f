package io.otp4j.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per key that someone is working on, so that isolated operations on a key run one at a time while
 * operations on other keys go on (con_cache's row locks, without its fixed lock striping).
 *
 * <p>A key's lock exists only while some thread holds it or waits for it: {@link #acquire} adds a user under the
 * map's own per-key atomicity ({@code compute}), {@link #release} removes one and drops the lock with the last.
 * The user's work runs outside every map operation, under the key's {@link ReentrantLock} alone, so it may take
 * as long as it needs, block (a virtual thread parks, it does not pin a carrier), and use other keys of the cache.
 * The lock is reentrant: an operation's function may touch its own key again.
 */
final class KeyLocks<K> {

    /** A key's lock and how many threads hold or wait for it; {@code users} changes only inside compute. */
    static final class KeyLock {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final ConcurrentHashMap<K, KeyLock> locks = new ConcurrentHashMap<>();

    /**
     * Takes {@code key}'s lock, waiting at most {@code timeoutNanos}.
     *
     * @return the lock, held; give it back with {@link #release}
     * @throws TimedOut if it stayed taken for the whole time
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    KeyLock acquire(K key, long timeoutNanos) throws TimedOut, InterruptedException {
        KeyLock keyLock = locks.compute(key, (k, held) -> {
            KeyLock l = held == null ? new KeyLock() : held;
            l.users++;
            return l;
        });
        boolean locked = false;
        try {
            locked = keyLock.lock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS);
        } finally {
            if (!locked) {
                leave(key, keyLock);
            }
        }
        if (!locked) {
            throw new TimedOut();
        }
        return keyLock;
    }

    /** Gives back a lock taken with {@link #acquire}. */
    void release(K key, KeyLock keyLock) {
        keyLock.lock.unlock();
        leave(key, keyLock);
    }

    private void leave(K key, KeyLock keyLock) {
        locks.computeIfPresent(key, (k, held) -> {
            if (held != keyLock) {
                return held;
            }
            return --held.users == 0 ? null : held;
        });
    }

    /** {@return how many keys have a lock now} (for tests: none are left behind) */
    int size() {
        return locks.size();
    }

    /** A key stayed locked for the whole timeout. */
    static final class TimedOut extends Exception {
        private static final long serialVersionUID = 1L;

        TimedOut() {
            super(null, null, false, false);
        }
    }
}
