package io.otp4j.time;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The system clock's alarms: waits until a deadline without a timer per wait.
 *
 * <p>A timed park of a virtual thread registers a timer with the JDK's scheduler and cancels it when the thread
 * wakes: about 400 ns, half a call's round trip, paid by every call whose reply does not come while the caller
 * spins. Here each thread has one reusable {@link Slot}. A thread that waits writes its deadline into its slot
 * and parks without a time limit; the slot is queued in a wheel of 1 ms buckets at the deadline, unless it is
 * queued already at that time or earlier. One sweeper thread wakes at the first bucket's time and looks at each
 * slot in it: a wait still going past its deadline has its thread unparked (which then sees the time and gives
 * up); a slot whose thread waits for a later deadline is queued again at that deadline; an idle slot leaves the
 * wheel. So a thread that makes a call every few microseconds with the default 5 s timeout queues its slot once
 * per 5 s, and each wait costs two writes to its slot. A wait ends at most one bucket (1 ms) late, plus the
 * sweeper's wake-up.
 *
 * <p>Why a slot cannot be confused between two waits of one thread: the sweeper acts on the deadline it reads
 * from the slot. Queueing is a handshake on two volatile fields: the waiter writes {@link Slot#until}, fences,
 * and then reads {@link Slot#queuedAt}; the sweeper takes a slot out of the wheel by swapping {@code queuedAt} to
 * "not queued" and then reads {@code until}. Whichever comes second sees the other's write, so a wait is never left
 * without a queued slot. The fence is paid only by a wait that parks: a wait answered before it parks queues
 * nothing, and its two writes to the slot are release stores.
 */
final class DeadlineWheel {

    /** The width of a bucket: deadlines are rounded up to it. */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final long NOT_QUEUED = Long.MAX_VALUE;
    private static final long IDLE = Long.MAX_VALUE;

    private static final VarHandle QUEUED_AT;
    private static final VarHandle UNTIL;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            QUEUED_AT = lookup.findVarHandle(Slot.class, "queuedAt", long.class);
            UNTIL = lookup.findVarHandle(Slot.class, "until", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final ThreadLocal<Slot> SLOTS = ThreadLocal.withInitial(Slot::new);

    private static final DeadlineWheel SWEEPER = new DeadlineWheel();

    /** A thread's alarm, reused by each of its waits. */
    static final class Slot implements Clock.Alarm {
        private final Thread thread = Thread.currentThread();

        /**
         * The deadline of the wait in progress, or {@link #IDLE} between waits. Its owner writes it with release
         * stores, which cost no fence: only the wait that queues the slot needs its deadline seen before it reads
         * {@link #queuedAt}, and {@link #park} fences there. The sweeper reads it as a volatile field.
         */
        private volatile long until = IDLE;

        /** The bucket this slot is queued in, or {@link #NOT_QUEUED}. */
        @SuppressWarnings("unused") // accessed through QUEUED_AT
        private volatile long queuedAt = NOT_QUEUED;

        /** Owner only: whether the wait in progress has queued the slot. */
        private boolean armed;

        @Override
        public void park(Object blocker) {
            if (!armed) {
                armed = true;
                long u = (long) UNTIL.get(this);
                if (u != Deadline.NEVER) {
                    // The handshake with the sweeper: this deadline is seen by all before queuedAt is read.
                    VarHandle.fullFence();
                    queue(this, bucketOf(u));
                }
                return; // queueing may have parked on the sweeper's lock and spent a wake-up: look again first
            }
            LockSupport.park(blocker);
        }

        @Override
        public void close() {
            // Seen late, the last deadline costs at most a spurious unpark, which every park here allows for.
            UNTIL.setRelease(this, IDLE);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition due = lock.newCondition();
    private final TreeMap<Long, List<Slot>> buckets = new TreeMap<>(); // guarded by lock
    private long wakeAt = NOT_QUEUED; // when the sweeper will look next; guarded by lock
    private boolean sweeping; // guarded by lock

    private DeadlineWheel() {}

    /** {@return the calling thread's alarm, set for a wait until {@code deadline}} */
    static Clock.Alarm alarm(long deadline) {
        Slot slot = SLOTS.get();
        slot.armed = false;
        UNTIL.setRelease(slot, deadline);
        return slot;
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
            if (!sweeping) {
                sweeping = true;
                Thread.ofPlatform().name("otp4j-deadlines").daemon(true).start(this::sweep);
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

    /** Looks at a slot taken from its bucket: wakes its thread, or queues it for its wait's later deadline. */
    private static void look(Slot slot, long now) {
        long queued = (long) QUEUED_AT.getVolatile(slot);
        if (queued == NOT_QUEUED || queued - now > 0 || !QUEUED_AT.compareAndSet(slot, queued, NOT_QUEUED)) {
            return; // a stale entry: the slot is queued at another, later bucket, which will look at it
        }
        long until = slot.until;
        if (until == IDLE) {
            return; // idle: the slot leaves the wheel until its thread's next wait queues it again
        }
        if (until - now <= 0) {
            LockSupport.unpark(slot.thread); // it sees the deadline passed and gives up
        } else {
            queue(slot, bucketOf(until));
        }
    }
}
