package io.otp4j.internal;

import io.otp4j.time.Clock;
import io.otp4j.time.Deadline;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A mailbox that holds at most {@code capacity} user messages and applies an overflow policy when full.
 *
 * <p>One lock guards the queue: bounded mailboxes are the safety valve for a slow receiver, not the fast
 * path, and the lock makes "drop the oldest" and exact accounting simple to get right. Signals turned into
 * messages (trapped exits, DOWNs, timer messages) are never refused or dropped and do not count toward the
 * bound; they are wrapped in {@link SystemMessage} so "drop the oldest" can pass over them.
 *
 * <p>A selective receive tests messages while holding the lock; the match should be a cheap test of the
 * message's type or fields.
 */
@SuppressWarnings("NonAtomicVolatileUpdate") // every write happens under the lock; volatile only for lock-free reads
public final class BoundedMailbox extends Mailbox {

    /** What a full mailbox does with one more user message. */
    public enum Overflow {
        /** The sender waits for room, up to a deadline, then gets {@link Offer#TIMED_OUT}. */
        BLOCK,
        /** The sender gets {@link Offer#REJECTED} at once. */
        REJECT,
        /** The new message is dropped and counted. */
        DROP_NEWEST,
        /** The oldest waiting user message is dropped and counted; the new one is taken. */
        DROP_OLDEST
    }

    private record SystemMessage(Object message) {}

    private final int capacity;
    private final Overflow overflow;
    private final long blockNanos;
    private final Clock clock;

    private @Nullable Object settings;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Object> items = new ArrayDeque<>();

    // Guarded by lock; volatile so that dropped() and hasNew() can read them without it.
    private volatile int userCount;
    private volatile int systemCount;
    private volatile long dropped;
    private volatile long appended;
    private volatile boolean closed;

    /** Owner only: the value of {@link #appended} when the owner last scanned the whole queue. */
    private long scannedUpTo;

    /**
     * When the senders that this mailbox keeps rejecting began their slice ({@link Spinning#endSliceIfOver}), or
     * {@link Spinning#NO_SLICE}; written without the lock, so concurrent senders may overwrite each other's, which
     * only moves a yield.
     */
    private short rejectingSince = Spinning.NO_SLICE;

    /**
     * Creates a bounded mailbox.
     *
     * @param capacity the most user messages it holds; at least 1
     * @param overflow what a full mailbox does with one more message
     * @param blockNanos with {@link Overflow#BLOCK}, how long a sender waits for room
     * @param clock the clock that measures the blocking deadline
     */
    public BoundedMailbox(int capacity, Overflow overflow, long blockNanos, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("mailbox capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.overflow = overflow;
        this.blockNanos = blockNanos;
        this.clock = clock;
    }

    /**
     * Attaches what the mailbox was made from, as its creator describes it (the process layer's mailbox
     * configuration), so that its owner need not keep it separately. Set once, before the mailbox is shared.
     */
    public BoundedMailbox settings(Object settings) {
        this.settings = settings;
        return this;
    }

    /** {@return what {@link #settings(Object)} attached, if anything} */
    public @Nullable Object settings() {
        return settings;
    }

    @Override
    public void afterRejection() {
        short since = rejectingSince;
        long now = clock.coarseNanoTime();
        if (Spinning.sliceDue(since, now)) {
            rejectingSince = Spinning.endSliceIfOver(since, now);
        }
    }

    @Override
    public Offer offer(Object message) {
        if (overflow == Overflow.REJECT && userCount >= capacity && !closed) {
            // Full at this read, the point the rejection takes effect: a flooding sender learns of it without
            // the lock the receiver needs to drain.
            return Offer.REJECTED;
        }
        Offer result;
        lock.lock();
        try {
            result = admit();
            if (result == Offer.ACCEPTED || result == Offer.ACCEPTED_DROPPED_OLDEST) {
                rejectingSince = Spinning.NO_SLICE;
                items.addLast(message);
                userCount = userCount + 1;
                appended = appended + 1; // volatile write: publishes the message for hasNew()
            }
        } finally {
            lock.unlock();
        }
        if (result == Offer.ACCEPTED || result == Offer.ACCEPTED_DROPPED_OLDEST) {
            signal();
        }
        return result;
    }

    /** Lock held: makes room for one user message if the policy allows, or says why not. */
    private Offer admit() {
        if (closed) {
            return Offer.CLOSED;
        }
        if (userCount < capacity) {
            return Offer.ACCEPTED;
        }
        return switch (overflow) {
            case REJECT -> Offer.REJECTED;
            case DROP_NEWEST -> {
                dropped = dropped + 1;
                yield Offer.DROPPED;
            }
            case DROP_OLDEST -> {
                dropOldestUserMessage();
                yield Offer.ACCEPTED_DROPPED_OLDEST;
            }
            case BLOCK -> awaitRoom();
        };
    }

    private void dropOldestUserMessage() {
        for (Iterator<Object> it = items.iterator(); it.hasNext(); ) {
            if (!(it.next() instanceof SystemMessage)) {
                it.remove();
                userCount = userCount - 1;
                dropped = dropped + 1;
                return;
            }
        }
        throw new IllegalStateException("full mailbox holds no user message"); // cannot happen: userCount > 0
    }

    /**
     * Lock held: waits until there is room, the deadline passes, or the mailbox closes. The deadline is the clock's:
     * one action scheduled on it wakes the waiting senders, so a manual clock moves it as it moves timers. A
     * blocked sender is the slow path of a full mailbox, where one scheduled action per wait costs nothing that
     * matters.
     */
    private Offer awaitRoom() {
        long deadline = Deadline.after(clock, blockNanos);
        Clock.@Nullable Scheduled wakeUp = null;
        try {
            while (userCount >= capacity && !closed) {
                if (Deadline.hasPassed(clock, deadline)) {
                    return Offer.TIMED_OUT;
                }
                if (wakeUp == null && deadline != Deadline.NEVER) {
                    wakeUp = clock.schedule(deadline - clock.nanoTime(), this::wakeSenders);
                }
                notFull.await();
            }
            return closed ? Offer.CLOSED : Offer.ACCEPTED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Offer.INTERRUPTED;
        } finally {
            if (wakeUp != null) {
                wakeUp.cancel();
            }
        }
    }

    private void wakeSenders() {
        lock.lock();
        try {
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Offer offerSystem(Object message) {
        lock.lock();
        try {
            if (closed) {
                return Offer.CLOSED;
            }
            items.addLast(new SystemMessage(message));
            systemCount = systemCount + 1;
            appended = appended + 1;
        } finally {
            lock.unlock();
        }
        signal();
        return Offer.ACCEPTED;
    }

    @Override
    public @Nullable Object poll() {
        lock.lock();
        try {
            scannedUpTo = appended;
            Object item = items.pollFirst();
            return item == null ? null : taken(item);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public @Nullable Object poll(Predicate<Object> match) {
        lock.lock();
        try {
            scannedUpTo = appended;
            for (Iterator<Object> it = items.iterator(); it.hasNext(); ) {
                Object item = it.next();
                Object message = item instanceof SystemMessage s ? s.message() : item;
                if (match.test(Carried.unwrap(message))) {
                    it.remove();
                    return taken(item);
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Lock held: accounts for an item leaving the queue and wakes one blocked sender if room opened. */
    private Object taken(Object item) {
        if (item instanceof SystemMessage s) {
            systemCount = systemCount - 1;
            return s.message();
        }
        userCount = userCount - 1;
        if (overflow == Overflow.BLOCK) {
            notFull.signal();
        }
        return item;
    }

    @Override
    public boolean hasNew() {
        return appended != scannedUpTo;
    }

    @Override
    public boolean looksEmpty() {
        return userCount == 0 && systemCount == 0;
    }

    @Override
    public int size() {
        // Under the lock, so it never sees an offer half done: a DROP_OLDEST between its drop and its add
        // (one message short of full), or a system message counted before a later user one from the same
        // sender (the two counts read one after the other).
        lock.lock();
        try {
            return userCount + systemCount;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long dropped() {
        return dropped;
    }

    /** {@return the most user messages this mailbox holds} */
    public int capacity() {
        return capacity;
    }

    @Override
    public List<Object> close() {
        lock.lock();
        try {
            closed = true;
            List<Object> left = new ArrayList<>(items.size());
            for (Object item : items) {
                left.add(item instanceof SystemMessage s ? s.message() : item);
            }
            items.clear();
            userCount = 0;
            systemCount = 0;
            notFull.signalAll();
            return left;
        } finally {
            lock.unlock();
        }
    }
}
