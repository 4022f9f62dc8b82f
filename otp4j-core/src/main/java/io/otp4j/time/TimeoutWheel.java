package io.otp4j.time;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The system clock's timeouts ({@link Clock#scheduleTimeout}): actions that are armed and cancelled far more often
 * than they run, as a call's timeout is, each one cheaper to arm and to cancel than a precise timer.
 *
 * <p>A precise timer queues in a heap under one lock, a few hundred nanoseconds to arm and as many to cancel,
 * against a call that takes about two microseconds in all. Here time is cut into ticks of 1 ms, and a ring of
 * {@link #SLOTS} buckets holds the timeouts of the next {@link #SLOTS} ticks, each bucket a doubly linked list of
 * its timeouts under the bucket's own lock: arming links one node, cancelling unlinks it, and a cancelled timeout
 * holds nothing afterwards. A deadline farther ahead than the ring goes to {@code far}, the precise timer. An action
 * runs at most about one tick late.
 *
 * <p>One sweeper thread runs the actions that fall due. It sleeps until the first tick whose bucket holds a
 * timeout, or without a limit while none does. Arming an earlier timeout wakes it; that is a handshake on two
 * volatile writes: the sweeper says when it will wake and then looks at the buckets, and an armer links its timeout
 * and then reads when the sweeper will wake. Whichever comes second sees the other's write, so no timeout is left
 * without a sweeper that will look at it.
 */
final class TimeoutWheel {

    /** The width of a tick: deadlines are rounded up to it. */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** The ring's buckets: the ticks it covers ahead of now (8.192 s, past the default call timeout of 5 s). */
    static final int SLOTS = 1 << 13;

    private static final long NOT_SLEEPING = Long.MIN_VALUE;
    private static final long NOTHING_DUE = Long.MAX_VALUE;

    private final Bucket[] ring = new Bucket[SLOTS];
    private final Far far;

    /**
     * The last tick the sweeper has swept or is sweeping: written before it sweeps, so that an armer that links a
     * timeout for that tick or an earlier one, after the sweeper went past its bucket, sees that it did.
     */
    private volatile long sweeping;

    /** The tick the sweeper will wake at; {@link #NOT_SLEEPING} while it sweeps. */
    private volatile long wakeTick = NOTHING_DUE; // as if asleep with nothing due: the first timeout starts it

    /** The sweeper, once a timeout has started it. */
    private volatile @Nullable Thread sweeper;

    /** Where a deadline beyond the ring goes: a precise timer. */
    interface Far {
        Clock.Scheduled schedule(long delayNanos, Runnable action);
    }

    TimeoutWheel(Far far) {
        this.far = far;
        for (int i = 0; i < SLOTS; i++) {
            ring[i] = new Bucket();
        }
        sweeping = tickOf(System.nanoTime()) - 1;
    }

    /** {@return the tick in which {@code nanos} falls} */
    private static long tickOf(long nanos) {
        return Math.floorDiv(nanos, TICK_NANOS);
    }

    private Bucket bucketOf(long tick) {
        return ring[(int) (tick & (SLOTS - 1))];
    }

    /** Runs {@code action} once {@code delayNanos} have passed, at most about a tick late, unless cancelled first. */
    Clock.Scheduled schedule(long delayNanos, Runnable action) {
        long delay = Math.max(0, delayNanos);
        if (delay >= (SLOTS - 2) * TICK_NANOS) {
            return far.schedule(delay, action);
        }
        // The first tick that starts after the deadline: the action never runs early.
        return arm(tickOf(System.nanoTime() + delay) + 1, action);
    }

    /** Arms {@code action} for {@code firstTick}, or for the sweeper's next tick if it has gone past it already. */
    Clock.Scheduled arm(long firstTick, Runnable action) {
        long tick = firstTick;
        for (; ; ) {
            Timeout timeout = new Timeout(tick, action, bucketOf(tick));
            timeout.bucket.add(timeout);
            long reached = sweeping;
            if (tick > reached) {
                if (tick < wakeTick) {
                    wake(); // the sweeper sleeps past this timeout's tick
                }
                return timeout;
            }
            // This thread was slow between its reading of the time and the link: the sweeper may have gone past the
            // bucket already. If it took the timeout, it runs it; else the timeout moves to the sweeper's next tick.
            if (!timeout.bucket.remove(timeout)) {
                return timeout;
            }
            tick = reached + 1;
        }
    }

    /** {@return how many timeouts are armed} For tests: a cancelled timeout leaves its bucket at once. */
    int armed() {
        int n = 0;
        for (Bucket bucket : ring) {
            synchronized (bucket) {
                for (Timeout t = bucket.head; t != null; t = t.next) {
                    n++;
                }
            }
        }
        return n;
    }

    /** {@return the current tick} For tests. */
    static long nowTick() {
        return tickOf(System.nanoTime());
    }

    private void wake() {
        Thread s = sweeper;
        if (s == null) {
            synchronized (this) {
                s = sweeper;
                if (s == null) {
                    s = Thread.ofPlatform().name("otp4j-timeouts").daemon(true).unstarted(this::sweep);
                    sweeper = s;
                    s.start();
                    return;
                }
            }
        }
        LockSupport.unpark(s);
    }

    private void sweep() {
        for (; ; ) {
            long nowTick = tickOf(System.nanoTime());
            long from = Math.max(sweeping + 1, nowTick - SLOTS + 1); // each bucket once at most
            sweeping = nowTick;
            for (long t = from; t <= nowTick; t++) {
                bucketOf(t).runDue(nowTick);
            }
            // Say when to wake before looking, so that an armer either is seen or sees a wake-up it must advance.
            wakeTick = NOTHING_DUE;
            long next = NOTHING_DUE;
            for (long t = nowTick + 1; t <= nowTick + SLOTS; t++) {
                if (bucketOf(t).head != null) {
                    next = t;
                    break;
                }
            }
            wakeTick = next;
            if (next == NOTHING_DUE) {
                LockSupport.park(this);
            } else {
                long wait = next * TICK_NANOS - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(this, wait);
                }
            }
            wakeTick = NOT_SLEEPING;
        }
    }

    /** One tick's timeouts (and those of the ticks a whole ring later). */
    private static final class Bucket {
        /** The first timeout; read without the lock by the sweeper, to tell an empty bucket. */
        volatile @Nullable Timeout head;

        synchronized void add(Timeout timeout) {
            Timeout first = head;
            timeout.next = first;
            if (first != null) {
                first.prev = timeout;
            }
            head = timeout;
        }

        /** {@return whether {@code timeout} was still armed} Unlinks it, so that it holds nothing any more. */
        synchronized boolean remove(Timeout timeout) {
            if (timeout.action == null) {
                return false;
            }
            timeout.action = null;
            unlink(timeout);
            return true;
        }

        private void unlink(Timeout timeout) {
            Timeout before = timeout.prev;
            Timeout after = timeout.next;
            if (before == null) {
                head = after;
            } else {
                before.next = after;
            }
            if (after != null) {
                after.prev = before;
            }
            timeout.prev = null;
            timeout.next = null;
        }

        /** Runs the timeouts due by {@code nowTick}, outside the lock; later ones stay. */
        void runDue(long nowTick) {
            Timeout due = null;
            synchronized (this) {
                Timeout t = head;
                while (t != null) {
                    Timeout next = t.next;
                    if (t.tick <= nowTick) {
                        unlink(t);
                        t.next = due; // the due list reuses the link
                        due = t;
                    }
                    t = next;
                }
                for (Timeout d = due; d != null; d = d.next) {
                    d.run = d.action;
                    d.action = null; // from now on, a cancel finds it gone
                }
            }
            while (due != null) {
                Timeout next = due.next;
                Runnable action = due.run;
                due.next = null;
                due.run = null;
                if (action != null) {
                    try {
                        action.run();
                    } catch (RuntimeException | Error e) {
                        Thread self = Thread.currentThread();
                        self.getUncaughtExceptionHandler().uncaughtException(self, e);
                    }
                }
                due = next;
            }
        }
    }

    /** An armed timeout: a node of its bucket's list. */
    private static final class Timeout implements Clock.Scheduled {
        final long tick;
        final Bucket bucket;

        @Nullable
        Runnable action; // null once cancelled or taken to run; guarded by the bucket

        @Nullable
        Runnable run; // the sweeper's, while it runs it

        @Nullable
        Timeout prev; // guarded by the bucket

        @Nullable
        Timeout next; // guarded by the bucket

        Timeout(long tick, Runnable action, Bucket bucket) {
            this.tick = tick;
            this.action = action;
            this.bucket = bucket;
        }

        @Override
        public boolean cancel() {
            return bucket.remove(this);
        }
    }
}
