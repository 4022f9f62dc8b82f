package io.otp4j.process;

import io.otp4j.internal.Carried;
import io.otp4j.internal.Spinning;
import io.otp4j.time.Clock;
import io.otp4j.time.Deadline;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A process taking messages from its mailbox: plain and selective receive, with or without a timeout, and the
 * brief spin before parking. Runs on the process's own thread only.
 */
final class Receiving {

    /** Failed spins in a row after which a process stops spinning (until a periodic probe succeeds). */
    static final byte SPIN_CREDIT = 4;

    private Receiving() {}

    /**
     * Receive without a timeout: the loop every idle process sleeps in. It parks here, not in a helper: each frame
     * on the stack of a parked process is kept in its stack chunk, and an idle server is mostly its parked stack.
     */
    static Object receive(ProcessImpl p, @Nullable Predicate<Object> match) {
        p.checkOwner("receive");
        for (; ; ) {
            Object message = takeOrSpin(p, match);
            if (message != null) {
                return message;
            }
            p.mailbox.prepareWait();
            if (!p.mailbox.hasNew() && p.pendingExit() == null && !p.suspended) {
                LockSupport.park(p);
                p.sliceStart = Spinning.NO_SLICE;
            }
            p.mailbox.cancelWait();
            // Interrupts come only with exit signals, which tryTake() reports; a stale one must not turn parking
            // into spinning.
            Thread.interrupted();
        }
    }

    /**
     * Receive for a body that waits below its own frames ({@link io.otp4j.process.spi.Engine#receiveOrWaitBelow}):
     * the next message, or null once the spin found none, with {@link ProcessImpl#waitsBelow} set so that {@link
     * ProcessImpl#run} parks and then runs {@code resume}; a {@code pooled} process goes dormant instead, and a
     * worker of its node runs it when woken ({@link Workers}). With {@code match}, only a message it accepts is taken.
     */
    static @Nullable Object receiveOrWaitBelow(
            ProcessImpl p, ProcessBody resume, boolean pooled, @Nullable Predicate<Object> match) {
        p.checkOwner("receive");
        Lending.Frame lent = pooled ? Lending.of(p) : null;
        // On a lent thread whose lender has its answer, take nothing more: the process goes dormant, and a worker
        // takes what is left. What is queued already goes to a worker at once: messages a selective receive set aside
        // were looked at, so no sender wakes the process for them.
        Object message;
        if (lent != null && lent.done()) {
            message = null;
            if (!p.mailbox.looksEmpty()) {
                lent.handOff = true;
            }
        } else {
            message = takeOrSpin(p, match);
        }
        if (message == null) {
            p.body = resume;
            p.waitsBelow = true;
            p.pooled = pooled;
        }
        return message;
    }

    /**
     * Takes the next message ({@code match} accepts, if given), spinning briefly for one ({@link #spinForNew}); null
     * when the caller should wait. It returns before the caller parks, so it adds no frame to a parked stack.
     */
    private static @Nullable Object takeOrSpin(ProcessImpl p, @Nullable Predicate<Object> match) {
        for (; ; ) {
            Object message = tryTake(p, match);
            if (message != null || !spinForNew(p)) {
                return message;
            }
        }
    }

    /** Receive with a timeout ({@code 0}: only look); null when nothing came in time. */
    static @Nullable Object receive(ProcessImpl p, @Nullable Predicate<Object> match, Duration timeout) {
        long timeoutNanos = Deadline.nanos(timeout, "timeout");
        p.checkOwner("receive");
        Object message = tryTake(p, match);
        if (message != null || timeoutNanos == 0) {
            return message;
        }
        Clock clock = p.node.clock();
        long deadline = Deadline.after(clock, timeoutNanos);
        try (Clock.Alarm alarm = clock.alarm(deadline)) {
            for (; ; ) {
                message = tryTake(p, match);
                if (message != null) {
                    return message;
                }
                if (p.suspended || spinForNew(p)) {
                    continue;
                }
                p.mailbox.prepareWait();
                if (p.mailbox.hasNew() || p.pendingExit() != null || p.suspended) {
                    p.mailbox.cancelWait();
                    continue;
                }
                if (Deadline.hasPassed(clock, deadline)) {
                    p.mailbox.cancelWait();
                    return null;
                }
                alarm.park(p);
                p.sliceStart = Spinning.NO_SLICE;
                p.mailbox.cancelWait();
                Thread.interrupted(); // interrupts come only with exit signals, which tryTake() reports
            }
        }
    }

    /**
     * One look at the mailbox: throws if an exit signal has reached the process, waits out a suspension, and
     * takes the first message ({@code match} accepts, if given), or returns null.
     */
    private static @Nullable Object tryTake(ProcessImpl p, @Nullable Predicate<Object> match) {
        if (p.suspended) {
            Inspection.awaitResume(p);
        }
        ExitReason pending = p.pendingExit();
        if (pending != null) {
            throw ExitSignal.of(pending);
        }
        Object message = match == null ? p.mailbox.poll() : p.mailbox.poll(match);
        if (message != null) {
            if (message instanceof Carried c) {
                p.carried = c.context(); // for the handler to attach (see ProcessHooks#capture)
                message = c.message();
            } else if (p.carried != null) {
                p.carried = null;
            }
            p.taking(message);
        } else {
            p.idle();
        }
        return message;
    }

    /**
     * Polls briefly for a new message before parking ({@link Spinning#RECEIVE} times), adaptively: a process
     * whose messages come back quickly (a ping-pong partner) keeps spinning, one whose messages come rarely (a
     * ring member, an idle server) stops after {@value #SPIN_CREDIT} misses, and tries again once every 32
     * messages. It does not spin while other virtual threads wait for a carrier ({@link Spinning#othersQueued}):
     * among many processes, the one that will send is then often queued behind this one's carrier.
     */
    private static boolean spinForNew(ProcessImpl p) {
        if (Spinning.RECEIVE == 0) {
            return false;
        }
        int credit = p.spinCredit;
        if (credit == 0 && (p.handled() & 31) != 0) {
            return false;
        }
        if (Spinning.othersQueued()) {
            return false; // the carrier is wanted: most likely by the process that will send what this one waits for
        }
        for (int i = 0; i < Spinning.RECEIVE; i++) {
            if (p.mailbox.hasNew()) {
                p.spinCredit = SPIN_CREDIT;
                return true;
            }
            Thread.onSpinWait();
        }
        p.spinCredit = (byte) (credit > 0 ? credit - 1 : 0);
        return false;
    }
}
