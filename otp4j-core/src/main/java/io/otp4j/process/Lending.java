package io.otp4j.process;

import io.otp4j.internal.Spinning;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A caller's thread lent to a pooled process that waits without a thread: the caller has a message for it and will
 * wait for the answer (a call), so instead of handing the process to a worker and parking until the answer comes, the
 * caller's thread runs the process itself, as a worker would ({@link Workers}). A call to an idle pooled server then
 * costs no park, unpark or hand-off between threads at all.
 *
 * <p>The caller claims the process's wake-up ({@link io.otp4j.internal.Mailbox#claimDormant()}) before it delivers
 * its message, so that no sender hands the process to a worker meanwhile: exactly one party wakes a dormant process,
 * and here it is the caller. The process then runs on the caller's thread:
 * <ul>
 *   <li>until it waits with nothing left to take: it goes dormant again, and the caller goes on;
 *   <li>or, once the caller has what it waited for ({@code done}), or once it has taken {@value #BUDGET} messages,
 *       at its next wait for a message: what is left in its mailbox goes to a worker. A caller is not kept running
 *       other callers' work, and a server that leaves the call unanswered for now does not hold the caller's thread.
 * </ul>
 *
 * <p><b>Interrupts.</b> An exit signal interrupts a process's thread ({@link ProcessImpl#interruptIfStill}). While a
 * thread is lent, it runs code of two processes or more: the lender's, stopped in its call, and the borrower's. An
 * exit signal for the process that runs now interrupts as usual. One for a process further out (the lender, or a
 * borrower that lent the thread on in a call of its own) is owed instead: the {@link Frame} that returns the thread
 * to that process interrupts it as it closes, and whatever interrupt the borrower left is cleared first. So an exit
 * signal for the caller never reaches the server's callback, and one for the server never reaches the caller. An
 * interrupt by code outside otp4j ({@link Thread#interrupt()} on the caller's thread) is not an exit signal and
 * reaches whatever runs on the thread, the borrower's callback included.
 */
final class Lending {

    /** The most messages a borrower takes on a lent thread before what is left goes to a worker. */
    static final int BUDGET = 32;

    /**
     * The innermost frame of each lent thread, each frame linked to the one it was lent from, if any. Read by the
     * lent thread itself at each wait of a pooled process, and by exit signals from other threads.
     *
     * <p>Slots are chosen by the thread's identity hash, and each holds a short list of its threads' entries, replaced
     * whole by a compare-and-set: a lending writes one slot, and reads and writes no count. A map with a shared count
     * (a {@code ConcurrentHashMap}) made every lending write one line that all carriers share: with 64 callers
     * lending on two carriers it took a tenth of the processor time. There are {@value Slots#COUNT} slots because
     * thousands of threads can be lent at once (durable servers block on their commits while they run on their
     * callers' threads), and a slot's list is copied up to the entry it replaces: 64 slots made durable servers with
     * 10,000 callers half as fast. Two threads lending at once on different carriers write the same cache line of
     * slots about once in 256 pairs. Nor is the frame kept in a field of every process, which would make each one
     * larger, or in a thread-local, which other threads cannot read.
     */
    private static final AtomicReferenceArray<@Nullable Entry> LENT = new AtomicReferenceArray<>(Slots.COUNT);

    /** The table's shape: slots by a thread's identity hash. */
    private static final class Slots {
        /** A power of two: 16 KB of references with compressed references. */
        static final int COUNT = 4096;

        private Slots() {}

        static int of(Thread t) {
            int h = System.identityHashCode(t);
            return (h ^ (h >>> 16)) & (COUNT - 1);
        }
    }

    /** A lent thread's innermost frame, and the other entries of its slot. */
    private record Entry(
            Thread thread, Frame frame, @Nullable Entry next) {}

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Frame.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Lending() {}

    /**
     * One lending of a thread: the process it runs, what the lender waits for, and the frame of the process that
     * lent it on, if the lender was itself a borrower.
     */
    static final class Frame {
        private static final int OPEN = 0;
        private static final int OWED = 1;
        private static final int CLOSED = 2;

        final ProcessImpl borrower;
        final @Nullable Frame outer;
        private final BooleanSupplier done;
        private long handledAtStart;

        /** The borrower leaves for a worker at once, with work of its own ({@link #leave}). Lent thread only. */
        boolean handOff;

        @SuppressWarnings("unused") // accessed through STATE
        private volatile int state = OPEN;

        Frame(ProcessImpl borrower, @Nullable Frame outer, BooleanSupplier done) {
            this.borrower = borrower;
            this.outer = outer;
            this.done = done;
        }

        /**
         * {@return whether the borrower should leave the thread at its next wait for a message} The lender has its
         * answer, or the borrower has used its budget.
         */
        boolean done() {
            return done.getAsBoolean() || borrower.handled() - handledAtStart >= BUDGET;
        }

        /** Owes {@code t} an interrupt for the process the thread returns to as this frame closes. */
        void owe(Thread t) {
            if (!STATE.compareAndSet(this, OPEN, OWED) && state == CLOSED) {
                t.interrupt(); // closed meanwhile: the thread is that process's again
            }
        }

        /** {@return whether an interrupt is owed} Closes the frame: later interrupts go to the thread directly. */
        private boolean close() {
            return !STATE.compareAndSet(this, OPEN, CLOSED);
        }
    }

    /**
     * Claims the wake-up of {@code p} if it is a pooled process without a thread.
     *
     * @return true if the caller now must {@link #run} it; false if it is running, waking, or not pooled (the caller
     *     then delivers and waits as usual)
     */
    static boolean claim(ProcessImpl p) {
        return p.mailbox.isDormant() && p.pooled && p.mailbox.claimDormant();
    }

    /**
     * Delivers a message to {@code p}, whose wake-up the caller has claimed ({@link #claim}), with {@code deliver},
     * then runs {@code p} on the calling thread until it waits, or until {@code done} at its next wait for a
     * message.
     */
    static void run(ProcessImpl p, Runnable deliver, BooleanSupplier done) {
        Thread t = Thread.currentThread();
        Frame f = new Frame(p, innermost(t), done);
        setInnermost(t, f);
        if (Thread.interrupted()) {
            f.owe(t); // it came before the lending, for the lender
        }
        try {
            deliver.run();
        } finally {
            f.handledAtStart = p.handled();
            try {
                // The lender's slice is its own process's business: the lent run starts one of its own.
                p.runOn(t, Spinning.NO_SLICE);
            } finally {
                close(t, f);
            }
        }
    }

    /**
     * Makes {@code p} leave its lent thread if its lender has its answer, to go on at once on a worker with {@code
     * resume} ({@link io.otp4j.process.spi.Engine#leaveLentThread}).
     *
     * @return whether it leaves
     */
    static boolean leave(ProcessImpl p, ProcessBody resume) {
        p.checkOwner("leaveLentThread");
        Frame lent = of(p);
        if (lent == null || !lent.done()) {
            return false;
        }
        p.body = resume;
        p.waitsBelow = true;
        p.pooled = true;
        lent.handOff = true;
        return true;
    }

    /** {@return the lending {@code p} runs under on the calling thread, or null if it runs on no lent thread} */
    static @Nullable Frame of(ProcessImpl p) {
        Frame f = innermost(Thread.currentThread());
        return f != null && f.borrower == p ? f : null;
    }

    /** {@return the innermost lending of the calling thread, or null if it is not lent} */
    static @Nullable Frame current() {
        return innermost(Thread.currentThread());
    }

    private static @Nullable Frame innermost(Thread t) {
        for (Entry e = LENT.get(Slots.of(t)); e != null; e = e.next) {
            if (e.thread == t) {
                return e.frame;
            }
        }
        return null;
    }

    /** Makes {@code f} the innermost frame of {@code t}, or forgets {@code t} if it is null. Thread {@code t} only. */
    private static void setInnermost(Thread t, @Nullable Frame f) {
        int slot = Slots.of(t);
        for (; ; ) {
            Entry old = LENT.get(slot);
            Entry others = without(old, t);
            if (LENT.compareAndSet(slot, old, f == null ? others : new Entry(t, f, others))) {
                return;
            }
        }
    }

    /**
     * {@return the entries of a slot but that of {@code t}}, sharing what follows it. A thread has one entry at
     * most.
     */
    private static @Nullable Entry without(@Nullable Entry e, Thread t) {
        if (e == null) {
            return null;
        }
        return e.thread == t ? e.next : new Entry(e.thread, e.frame, without(e.next, t));
    }

    private static void close(Thread t, Frame f) {
        Thread.interrupted(); // whatever is left belonged to the borrower, which has left the thread
        setInnermost(t, f.outer);
        if (f.close()) {
            t.interrupt(); // owed to the process the thread returns to
        }
    }

    /**
     * Interrupts {@code t}, the thread of {@code p}, for an exit signal to {@code p}: at once if {@code p} runs on
     * it now, else as the frame that gives the thread back to {@code p} closes.
     */
    static void interrupt(ProcessImpl p, Thread t) {
        Frame inner = innermost(t);
        if (inner == null || inner.borrower == p) {
            t.interrupt();
            return;
        }
        Frame f = inner;
        while (f.outer != null && f.outer.borrower != p) {
            f = f.outer;
        }
        f.owe(t);
    }
}
