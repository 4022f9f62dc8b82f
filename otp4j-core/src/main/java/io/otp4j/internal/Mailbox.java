package io.otp4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The message queue of one process: many senders, one owner that consumes.
 *
 * <p>Senders call {@link #offer} (a user message, subject to the mailbox's bound) or {@link #offerSystem}
 * (a signal turned into a message, such as a trapped exit or a monitor's DOWN, which no bound may refuse).
 * The owner calls {@link #poll()} or {@link #poll(Predicate)} and, when nothing is there, sleeps with the
 * wake-up protocol below.
 *
 * <h2>Wake-up protocol</h2>
 *
 * The owner announces that it is about to sleep with {@link #prepareWait()} (a volatile store), then asks
 * {@link #hasNew()} (a volatile load) and parks only if nothing new arrived. A sender publishes its message
 * with a volatile (sequentially consistent) write, then reads the waiting flag with a volatile load in
 * {@link #signal()}. Because all four accesses are volatile they are totally ordered: either the owner sees
 * the message, or the sender sees the flag and unparks the owner. No wake-up is lost.
 *
 * <h2>Dormant owners</h2>
 *
 * An owner that gives up its thread while it waits (a hibernating process) announces it with {@link
 * #prepareDormant(Waker)} instead of {@link #prepareWait()}. The first sender that finds the flag set then
 * calls the {@link Waker} instead of unparking a thread, and the waker starts a new thread for the owner. The
 * flag is cleared with a compare-and-set, so exactly one party wakes a dormant owner: a sender, a signal
 * that claims it with {@link #claimDormant()}, or the owner itself when {@link #hasNew()} says a message
 * arrived while it was going dormant.
 */
public abstract class Mailbox {

    /** What happened to an offered message. */
    public enum Offer {
        /** The message is in the mailbox. */
        ACCEPTED,
        /** The message is in the mailbox; the oldest waiting user message was dropped to make room. */
        ACCEPTED_DROPPED_OLDEST,
        /** The mailbox was full and drops the newest message: this one was dropped. */
        DROPPED,
        /** The mailbox was full and rejects: the message was not taken. */
        REJECTED,
        /** The mailbox stayed full for the whole blocking deadline: the message was not taken. */
        TIMED_OUT,
        /** The sender was interrupted while blocked on a full mailbox: the message was not taken. */
        INTERRUPTED,
        /** The mailbox's owner has exited: the message was not taken. */
        CLOSED
    }

    private static final VarHandle WAITING;

    static {
        try {
            WAITING = MethodHandles.lookup().findVarHandle(Mailbox.class, "waiting", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Starts a new thread for a dormant owner. */
    @FunctionalInterface
    public interface Waker {
        /** Called once per dormancy, by the party that ended it; must not block. */
        void wake();
    }

    private static final int RUNNING = 0;
    private static final int PARKED = 1;
    private static final int DORMANT = 2;

    @SuppressWarnings("unused") // accessed through WAITING
    private volatile int waiting;

    /** The owner's thread while it has one ({@link #PARKED}), its {@link Waker} while it is dormant. */
    private @Nullable Object owner;

    /**
     * Sets the thread that consumes this mailbox, before any message can wake it: at the start, and each time a
     * dormant owner gets a new thread (before that thread starts).
     */
    public final void owner(Thread thread) {
        this.owner = thread;
    }

    /**
     * Owner only, after {@link #close()}: forgets the owner's thread, so a closed mailbox keeps nothing of it. A
     * closing owner is running, so no sender is about to wake it.
     */
    public final void release() {
        this.owner = null;
    }

    /**
     * Offers a user message; the mailbox's bound and overflow policy apply.
     *
     * @return what happened to the message
     */
    public abstract Offer offer(Object message);

    /**
     * Called on the thread of a sender whose message this mailbox just rejected, which gives its carrier up if it has
     * been rejected for a slice while others wait for a carrier ({@link Spinning#SLICE_NANOS}): a sender that keeps a
     * mailbox full would otherwise starve the receiver of the carrier it needs to drain it, and one that yielded at
     * every rejection would learn of them at the receiver's pace. Only a bounded mailbox rejects.
     */
    public void afterRejection() {}

    /** Offers a message that no bound may refuse (a trapped exit, a DOWN, a timer's message). */
    public abstract Offer offerSystem(Object message);

    /** Owner only: takes the oldest message, or returns {@code null} when there is none. */
    public abstract @Nullable Object poll();

    /**
     * Owner only: takes the oldest message that {@code match} accepts; the others stay, in order.
     *
     * <p>If {@code match} throws, no message is taken and the exception propagates.
     */
    public abstract @Nullable Object poll(Predicate<Object> match);

    /** Owner only, after {@link #prepareWait()}: whether a message arrived that no poll has seen yet. */
    public abstract boolean hasNew();

    /**
     * Any thread: whether no message seems to be waiting, so that one sent now would be the next taken. A hint,
     * stale as soon as it is read and never exact while others send or the owner takes; it takes no lock.
     */
    public abstract boolean looksEmpty();

    /**
     * {@return the number of messages waiting} On the owner's thread it is exact even while others send:
     * every message whose offer has returned is counted. From another thread it may be a moment old while
     * the owner receives.
     */
    public abstract int size();

    /**
     * {@return the number of messages waiting, as the owner counts it} Owner only, for a process that reports its
     * own length after each message: unlike {@link #size()} it does not walk the whole queue each time, only what
     * arrived since it last counted (the first count walks it all). It does not wait for a sender between the two
     * steps of its offer either, so a message whose offer has just returned may be missed: a count for reports, not
     * for decisions.
     */
    public int ownerSize() {
        return size();
    }

    /** {@return how many messages the overflow policy dropped} */
    public abstract long dropped();

    /**
     * Owner only: refuses all further messages, releases blocked senders, and hands back the messages that were
     * still waiting, oldest first (a selective receive's passed-over messages included).
     */
    public abstract List<Object> close();

    /** Owner only: announces that the owner will park unless {@link #hasNew()} says otherwise. */
    public final void prepareWait() {
        WAITING.setVolatile(this, PARKED);
    }

    /** Owner only: withdraws {@link #prepareWait()} after waking or deciding not to park. */
    public final void cancelWait() {
        WAITING.setOpaque(this, RUNNING);
    }

    /**
     * Owner only: announces that the owner's thread is about to end and that {@code waker} must give it a new one
     * when something arrives. The owner must then check {@link #hasNew()} (and whatever else may wake it) and, if
     * something is there, try to take the wake-up back with {@link #claimDormant()}; if it does, it must set
     * itself as the owner again with {@link #owner(Thread)} before it next waits.
     */
    public final void prepareDormant(Waker waker) {
        this.owner = waker; // published by the volatile write below
        WAITING.setVolatile(this, DORMANT);
    }

    /**
     * Ends a dormancy: {@return true for the one party that ends it} (who must then start the owner's new thread),
     * false if the owner is not dormant or someone else got there first.
     */
    public final boolean claimDormant() {
        return (int) WAITING.getVolatile(this) == DORMANT && WAITING.compareAndSet(this, DORMANT, RUNNING);
    }

    /** {@return whether the owner has announced that it is parked, about to park, or dormant} */
    public final boolean isWaiting() {
        return (int) WAITING.getOpaque(this) != RUNNING;
    }

    /** {@return whether the owner is dormant: it has no thread until a message or signal arrives} */
    public final boolean isDormant() {
        return (int) WAITING.getOpaque(this) == DORMANT;
    }

    /**
     * Sender side, after publishing a message with a volatile write: wakes the owner if it sleeps. Only
     * the sender that clears the flag unparks, so a burst of sends costs one unpark.
     */
    protected final void signal() {
        int state = (int) WAITING.getVolatile(this);
        if (state != RUNNING && WAITING.compareAndSet(this, state, RUNNING)) {
            // PARKED was announced by a thread set with owner(Thread) before it started; DORMANT by
            // prepareDormant, which set the waker first. Both writes happen-before the flag this CAS read.
            Object o = owner;
            if (state == DORMANT) {
                ((Waker) java.util.Objects.requireNonNull(o)).wake();
            } else if (o instanceof Thread thread) {
                LockSupport.unpark(thread);
            }
        }
    }
}
