package io.otp4j.genserver;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Times out calls on the system clock without a timer per call.
 *
 * <p>A timed park of a virtual thread registers a timer with the JDK's scheduler and cancels it when the thread
 * wakes: about 400 ns, half a call's round trip, paid by every call whose reply does not come while the caller
 * spins. Here each calling thread has one reusable {@link Slot}. A caller that parks writes its {@link From} into
 * its slot and parks without a time limit; the slot is queued in a wheel of 1 ms buckets at the call's deadline,
 * unless it is queued already at that time or earlier. One sweeper thread wakes at the first bucket's time and
 * looks at each slot in it: a call still waiting past its deadline is given up and its caller woken, which then
 * throws {@link CallTimeoutException}; a slot whose thread waits for a later call is queued again at that call's
 * deadline; an idle slot leaves the wheel. So a thread that makes a call every few microseconds with the default
 * 5 s timeout queues its slot once per 5 s, and each call costs two writes to its slot. A timeout fires at most
 * one bucket (1 ms) late, plus the sweeper's wake-up.
 *
 * <p>Why a slot cannot be confused between two calls of one thread: the sweeper acts on the {@link From} it
 * reads from the slot, and on that {@code From}'s own deadline and state. Queueing is a handshake on two
 * volatile fields: the caller writes {@link Slot#waiting} and then reads {@link Slot#queuedAt}; the sweeper takes a
 * slot out of the wheel by swapping {@code queuedAt} to "not queued" and then reads {@code waiting}. Whichever
 * comes second sees the other's write, so a waiting call is never left without a queued slot.
 */
final class CallDeadlines {

    /** The width of a bucket: deadlines are rounded up to it. */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final long NOT_QUEUED = Long.MAX_VALUE;

    private static final VarHandle QUEUED_AT;

    static {
        try {
            QUEUED_AT = MethodHandles.lookup().findVarHandle(Slot.class, "queuedAt", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final ThreadLocal<Slot> SLOTS = ThreadLocal.withInitial(Slot::new);

    private static final CallDeadlines SWEEPER = new CallDeadlines();

    /** A calling thread's registration, reused by each of its calls. */
    static final class Slot {
        /** The call this slot's thread waits for, or null between calls. */
        volatile @Nullable From waiting;

        /** The bucket this slot is queued in, or {@link #NOT_QUEUED}. */
        @SuppressWarnings("unused") // accessed through QUEUED_AT
        private volatile long queuedAt = NOT_QUEUED;

        Slot() {}
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition due = lock.newCondition();
    private final TreeMap<Long, List<Slot>> buckets = new TreeMap<>(); // guarded by lock
    private long wakeAt = NOT_QUEUED; // when the sweeper will look next; guarded by lock
    private @Nullable Thread sweeper; // guarded by lock

    private CallDeadlines() {}

    /** {@return the calling thread's slot} */
    static Slot slot() {
        return SLOTS.get();
    }

    /**
     * Makes sure {@code from}, whose caller is about to park until {@code deadline} (on {@link System#nanoTime()}),
     * is woken once the deadline has passed. Call {@link #unwatch} when the wait ends.
     */
    static void watch(Slot slot, From from, long deadline) {
        slot.waiting = from;
        queue(slot, bucketOf(deadline));
    }

    /** Ends the wait {@link #watch} announced; the slot may stay queued until its bucket, then leaves. */
    static void unwatch(Slot slot) {
        slot.waiting = null;
    }

    /** {@return how many buckets hold slots} (for tests) */
    static int pendingBuckets() {
        SWEEPER.lock.lock();
        try {
            return SWEEPER.buckets.size();
        } finally {
            SWEEPER.lock.unlock();
        }
    }

    private static long bucketOf(long deadline) {
        long bucket = Math.floorDiv(deadline, TICK_NANOS) * TICK_NANOS;
        return bucket == deadline ? bucket : bucket + TICK_NANOS;
    }

    /** Queues {@code slot} at {@code bucket} unless it is queued at that time or earlier. */
    private static void queue(Slot slot, long bucket) {
        for (; ; ) {
            long queued = (long) QUEUED_AT.getVolatile(slot);
            if (queued != NOT_QUEUED && queued - bucket <= 0) {
                return; // the sweeper will look at the slot by then and queue it again for a later deadline
            }
            if (QUEUED_AT.compareAndSet(slot, queued, bucket)) {
                SWEEPER.add(bucket, slot);
                return;
            }
        }
    }

    private void add(long bucket, Slot slot) {
        lock.lock();
        try {
            buckets.computeIfAbsent(bucket, b -> new ArrayList<>()).add(slot);
            if (sweeper == null) {
                Thread thread = Thread.ofPlatform()
                        .name("otp4j-call-deadlines")
                        .daemon(true)
                        .unstarted(this::sweep);
                sweeper = thread;
                thread.start();
            } else if (bucket - wakeAt < 0) {
                due.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void sweep() {
        for (; ; ) {
            List<Slot> slots;
            long now;
            lock.lock();
            try {
                for (; ; ) {
                    Map.Entry<Long, List<Slot>> first = buckets.firstEntry();
                    now = System.nanoTime();
                    if (first == null) {
                        wakeAt = NOT_QUEUED;
                        due.awaitUninterruptibly();
                    } else if (first.getKey() - now > 0) {
                        wakeAt = first.getKey();
                        try {
                            due.awaitNanos(first.getKey() - now);
                        } catch (InterruptedException e) {
                            // nobody interrupts the sweeper; look again
                        }
                    } else {
                        buckets.pollFirstEntry();
                        slots = first.getValue();
                        wakeAt = first.getKey();
                        break;
                    }
                }
            } finally {
                lock.unlock();
            }
            for (Slot slot : slots) {
                look(slot, now);
            }
        }
    }

    /** Looks at a slot taken from its bucket: times out its call, or queues it for its call's later deadline. */
    private static void look(Slot slot, long now) {
        long queued = (long) QUEUED_AT.getVolatile(slot);
        if (queued == NOT_QUEUED || queued - now > 0 || !QUEUED_AT.compareAndSet(slot, queued, NOT_QUEUED)) {
            return; // a stale entry: the slot is queued at another, later bucket, which will look at it
        }
        From from = slot.waiting;
        if (from == null || !from.isWaiting()) {
            return; // idle: the slot leaves the wheel until its thread's next wait queues it again
        }
        long deadline = from.deadline();
        if (deadline - now <= 0) {
            from.expire();
        } else {
            queue(slot, bucketOf(deadline));
        }
    }
}
