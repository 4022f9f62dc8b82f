package io.otp4j.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Supplier;
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
 * <p>Work that is short and runs no user code (a put, a delete) need not take the lock at all: {@link
 * #runIfFree} runs it inside one {@code compute} on the key's slot in the map, which finds the key free and keeps
 * it so (a thread that would take the lock meanwhile waits on the map's slot) until the work is done. That costs
 * one map operation instead of three and no lock, and is what makes an isolated put nearly as cheap as a plain
 * one. When someone holds the key, the work waits for the lock like any other.
 *
 * <p>The user's work runs outside every map operation, under the key's {@link ReentrantLock} alone, so it may
 * take as long as it needs, block (a virtual thread parks, it does not pin a carrier), and use other keys of the
 * cache. The lock is reentrant: an operation's function may touch its own key again.
 */
final class KeyLocks<K> {

    /**
     * The map's slots, fixed ahead: it is nearly always empty, so it would otherwise keep its 16 first slots,
     * which share a cache line that every write on every core would then pass back and forth.
     */
    private static final int SLOTS = 1024;

    private final ConcurrentHashMap<K, ReentrantLock> locks = new ConcurrentHashMap<>(SLOTS);

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

    /**
     * Runs {@code work} if no one holds {@code key}, keeping the key free while it runs; the work must be short,
     * must not block, and must not use this map (it runs inside the map's {@code compute} on the key's slot).
     *
     * @return the work's result, or {@link #HELD} without running it if someone holds the key (the caller then
     *     takes the lock with {@link #acquire}; the holder may be this very thread)
     */
    <T> Object runIfFree(K key, Supplier<T> work) {
        FreeRun<K, T> run = new FreeRun<>(work);
        locks.compute(key, run);
        return run.result;
    }

    /** What {@link #runIfFree} returns when the key is held. */
    static final Object HELD = new Object();

    /** The {@code compute} function of {@link #runIfFree}: leaves the slot as it finds it, working if empty. */
    private static final class FreeRun<K, T> implements BiFunction<K, ReentrantLock, ReentrantLock> {
        private final Supplier<T> work;
        private Object result = HELD;

        FreeRun(Supplier<T> work) {
            this.work = work;
        }

        @Override
        public @Nullable ReentrantLock apply(K key, @Nullable ReentrantLock held) {
            if (held == null) {
                result = work.get();
            }
            return held;
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
