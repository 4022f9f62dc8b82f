package io.otp4j.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;
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
 * keys in use. Uncontended, taking a key costs one lock allocation, a {@code putIfAbsent} and a {@code remove}.
 *
 * <p>Work that is short, runs no user code and does not block (a put, a delete) need not take a lock at all. It
 * runs as <em>quick work</em>, between {@link #enterQuick} and {@link #exitQuick}, and is kept apart from owners
 * by a word per stripe of keys: its low half counts the quick work running on keys of the stripe, its high half
 * the owners of keys of the stripe. Quick work adds itself and, in the same atomic step, learns whether the stripe
 * has an owner; if it has, the work takes itself out again and waits for the key's lock like any other write. A
 * new owner adds itself and then waits until no quick work is left in the stripe. The two steps are read-writes of
 * one word, so one of the two always sees the other: quick work never overlaps an owner of its key. That costs a
 * put two atomic adds on a word no other stripe shares, where taking the lock costs three map operations and an
 * allocation. An owner makes the quick work of the other keys of its stripe take their own locks while it holds
 * its key; with {@value #STRIPES} stripes that is a small share of the keys.
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

    /** How many stripes the keys fall into for quick work (a power of two). */
    static final int STRIPES = 128;

    /** Longs between two stripes' words, so that each has a cache line of its own. */
    private static final int PAD = 8;

    /** One owner, in a stripe's word. */
    private static final long OWNER = 1L << 32;

    /** The quick work running, in a stripe's word. */
    private static final long QUICK = OWNER - 1;

    /** Spins before a new owner yields while it waits for a stripe's quick work to end. */
    private static final int SPINS = 64;

    private final ConcurrentHashMap<K, ReentrantLock> locks = new ConcurrentHashMap<>(SLOTS);

    /** Per stripe, at index {@code stripe * PAD}: owners in the high half, quick work in the low half. */
    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES * PAD);

    /** {@return the index of {@code key}'s stripe's word} */
    static int stripeOf(Object key) {
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x45d9f3b; // spreads nearby hashes (small integer keys) over the stripes
        h ^= h >>> 16;
        return (h & (STRIPES - 1)) * PAD;
    }

    /**
     * Starts quick work on {@code key}: work that is short, runs no user code and does not block. If no one owns
     * a key of its stripe, the work may run, no owner of the key starts until {@link #exitQuick} is called with
     * the returned stripe, and the work must call it once, however it ends.
     *
     * @return the key's stripe, or -1 if someone owns a key of its stripe (the caller then takes the key's lock
     *     with {@link #acquire}; the owner may be this very thread)
     */
    int enterQuick(K key) {
        int stripe = stripeOf(key);
        if ((stripes.getAndIncrement(stripe) & ~QUICK) == 0) {
            return stripe;
        }
        stripes.getAndDecrement(stripe);
        return -1;
    }

    /** Ends quick work started with {@link #enterQuick}, which returned {@code stripe}. */
    void exitQuick(int stripe) {
        stripes.getAndDecrement(stripe);
    }

    /** A new owner of a key of {@code stripe}: counted, then it waits until the stripe's quick work has ended. */
    private void own(int stripe) {
        stripes.getAndAdd(stripe, OWNER);
        for (int spins = 0; (stripes.get(stripe) & QUICK) != 0; spins++) {
            // Quick work is a store operation that runs no user code: it ends soon. Another thread's quick
            // work on this stripe that started after the add sees the owner and takes itself out at once.
            if (spins < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

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
                    own(stripeOf(key));
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
     * Runs {@code work} as quick work on {@code key} ({@link #enterQuick}) if no one owns a key of its stripe;
     * the work must be short, must not block and must run no user code.
     *
     * @return the work's result, or {@link #HELD} without running it if someone owns a key of the stripe (the
     *     caller then takes the key's lock with {@link #acquire}; the owner may be this very thread)
     */
    <T> Object runIfFree(K key, Supplier<T> work) {
        int stripe = enterQuick(key);
        if (stripe < 0) {
            return HELD;
        }
        try {
            return work.get();
        } finally {
            exitQuick(stripe);
        }
    }

    /** What {@link #runIfFree} returns when a key of the stripe is owned. */
    static final Object HELD = new Object();

    /** Gives back a lock taken with {@link #acquire}; the last hold takes it out of the map, then unlocks it. */
    void release(K key, ReentrantLock lock) {
        if (lock.getHoldCount() == 1) {
            locks.remove(key, lock);
            stripes.getAndAdd(stripeOf(key), -OWNER); // before the unlock: the next owner counts itself anew
        }
        lock.unlock();
    }

    /** {@return how many owners the stripe at {@code stripe} counts now} (for tests) */
    int owners(int stripe) {
        return (int) (stripes.get(stripe) >>> 32);
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
