package io.otp4j.genserver;

import io.otp4j.observe.CallFinished;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MailboxFullException;
import io.otp4j.process.jfr.Events;
import org.jspecify.annotations.Nullable;

/**
 * Calls as observed, on the caller's thread: how a call that threw ended, for the {@link CallFinished} told to the
 * node's observers, and Flight Recorder's call timeout event, which costs only on the timeout's path.
 */
final class CallObserving {

    private CallObserving() {}

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
