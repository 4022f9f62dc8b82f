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

    @SuppressWarnings("unused") // accessed through WAITING
    private volatile int waiting;

    private @Nullable Thread owner;

    /** Sets the thread that consumes this mailbox; called once, before any message can wake it. */
    public final void owner(Thread thread) {
        this.owner = thread;
    }

    /**
     * Offers a user message; the mailbox's bound and overflow policy apply.
     *
     * @return what happened to the message
     */
    public abstract Offer offer(Object message);

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
     * {@return the number of messages waiting} On the owner's thread it is exact even while others send:
     * every message whose offer has returned is counted. From another thread it may be a moment old while
     * the owner receives.
     */
    public abstract int size();

    /** {@return how many messages the overflow policy dropped} */
    public abstract long dropped();

    /**
     * Owner only: refuses all further messages, releases blocked senders, and hands back the messages that were
     * still waiting, oldest first (a selective receive's passed-over messages included).
     */
    public abstract List<Object> close();

    /** Owner only: announces that the owner will park unless {@link #hasNew()} says otherwise. */
    public final void prepareWait() {
        WAITING.setVolatile(this, 1);
    }

    /** Owner only: withdraws {@link #prepareWait()} after waking or deciding not to park. */
    public final void cancelWait() {
        WAITING.setOpaque(this, 0);
    }

    /** {@return whether the owner has announced that it is parked or about to park} */
    public final boolean isWaiting() {
        return (int) WAITING.getOpaque(this) == 1;
    }

    /**
     * Sender side, after publishing a message with a volatile write: wakes the owner if it sleeps. Only
     * the sender that clears the flag unparks, so a burst of sends costs one unpark.
     */
    protected final void signal() {
        if ((int) WAITING.getVolatile(this) == 1 && WAITING.compareAndSet(this, 1, 0)) {
            Thread thread = owner;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }
    }
}
