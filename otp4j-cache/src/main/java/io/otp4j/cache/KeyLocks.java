package io.otp4j.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One lock per key that someone is writing, so that isolated operations on a key run one at a time while
 * operations on other keys go on (con_cache's row locks, without its fixed lock striping).
 *
 * <p>A key's lock is in the map only while a thread holds it. The owner puts its own lock, already locked, with
 * {@code putIfAbsent}; it takes it out again with its last unlock, <em>before</em> unlocking. A thread that
 * finds another's lock in the map waits for it (with the timeout), lets it go at once, and tries again: a lock it
 * could take has already left the map, so at most one thread owns a key at any time, and the map holds only the
 * keys in use. Uncontended, a write costs one lock allocation, a {@code putIfAbsent} and a {@code remove}.
 *
 * <p>The user's work runs outside every map operation, under the key's {@link ReentrantLock} alone, so it may
 * take as long as it needs, block (a virtual thread parks, it does not pin a carrier), and use other keys of the
 * cache. The lock is reentrant: an operation's function may touch its own key again.
 */
final class KeyLocks<K> {

    private final ConcurrentHashMap<K, ReentrantLock> locks = new ConcurrentHashMap<>();

    /**
     * Takes {@code key}'s lock, waiting at most {@code timeoutNanos} (in real time).
     *
     * @return the lock, held; give it back with {@link #release}
     * @throws TimedOut if the key stayed taken for the whole time
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    ReentrantLock acquire(K key, long timeoutNanos) throws TimedOut, InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        @Nullable ReentrantLock mine = null;
        while (true) {
            ReentrantLock held = locks.get(key);
            if (held == null) {
                if (mine == null) {
                    mine = new ReentrantLock();
                    mine.lock(); // not yet visible to anyone: cannot block
                }
                held = locks.putIfAbsent(key, mine);
                if (held == null) {
                    return mine;
                }
            }
            if (held.isHeldByCurrentThread()) {
                held.lock(); // reentrant: this thread owns the key already
                return held;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !held.tryLock(left, TimeUnit.NANOSECONDS)) {
                throw new TimedOut();
            }
            // Its owner took it out of the map before unlocking it: the key is free now, or taken by another
            // thread that got there first. Either way, try again.
            held.unlock();
        }
    }

    /** Gives back a lock taken with {@link #acquire}; the last hold takes it out of the map, then unlocks it. */
    void release(K key, ReentrantLock lock) {
        if (lock.getHoldCount() == 1) {
            locks.remove(key, lock);
        }
        lock.unlock();
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
