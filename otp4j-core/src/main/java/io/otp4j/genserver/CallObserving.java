package io.otp4j.genserver;

import io.otp4j.observe.CallFinished;
import io.otp4j.observe.spi.Observers;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MailboxFullException;
import io.otp4j.process.Pid;
import io.otp4j.process.jfr.Events;
import io.otp4j.time.Clock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Calls as observed, on the caller's thread: {@link CallFinished} told to the node's observers with the call's
 * outcome, and Flight Recorder's call timeout event. Nothing here runs for a call while nothing observes it, but
 * the timeout event, which costs only on the timeout's path.
 */
final class CallObserving {

    private CallObserving() {}

    /**
     * Makes a call to {@code server} (started or called as {@code name}) and tells {@code observers} how it ended.
     *
     * @param start when the caller started, on the node's clock
     */
    static <R> R call(
            Observers observers, Pid server, @Nullable String name, Object request, long start, Supplier<R> call) {
        CallFinished.Outcome outcome = null;
        try {
            R reply = call.get();
            outcome = CallFinished.Outcome.REPLIED;
            return reply;
        } catch (RuntimeException e) {
            outcome = outcomeOf(e);
            throw e;
        } finally {
            if (outcome != null) {
                finished(observers, server, name, request, start, outcome);
            }
        }
    }

    /** Tells {@code observers} that a call ended with {@code outcome}. */
    static void finished(
            Observers observers,
            Pid server,
            @Nullable String name,
            Object request,
            long start,
            CallFinished.Outcome outcome) {
        Clock clock = observers.node().clock();
        long nanos = Math.max(0, clock.nanoTime() - start);
        observers.callFinished(new CallFinished(server, name, request.getClass(), nanos, outcome));
    }

    /** {@return how a call that threw {@code e} ended; null for a misuse (a bad argument), which is not a call} */
    static CallFinished.@Nullable Outcome outcomeOf(RuntimeException e) {
        return switch (e) {
            case CallTimeoutException t -> CallFinished.Outcome.TIMEOUT;
            case CallInterruptedException i -> CallFinished.Outcome.INTERRUPTED;
            case ServerExitedException x -> outcomeOf(x.reason());
            case ServerNotFoundException n -> CallFinished.Outcome.NOPROC;
            case CallDroppedException d -> CallFinished.Outcome.EXITED;
            case MailboxFullException f -> CallFinished.Outcome.EXITED;
            default -> null;
        };
    }

    private static CallFinished.Outcome outcomeOf(ExitReason reason) {
        if (reason.equals(ExitReason.noproc())) {
            return CallFinished.Outcome.NOPROC;
        }
        return reason.equals(ExitReason.noconnection())
                ? CallFinished.Outcome.NOCONNECTION
                : CallFinished.Outcome.EXITED;
    }

    /** Records Flight Recorder's event for a call that timed out, if a recording wants it. */
    static void timedOut(CallTimeoutException e, @Nullable String name) {
        long millis;
        try {
            millis = e.timeout().toMillis();
        } catch (ArithmeticException tooLong) {
            millis = Long.MAX_VALUE;
        }
        Events.callTimedOut(e.server(), name, e.request().getClass(), millis);
    }
}
