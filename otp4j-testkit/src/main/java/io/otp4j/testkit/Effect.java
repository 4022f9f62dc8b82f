package io.otp4j.testkit;

import io.otp4j.genserver.Call;
import io.otp4j.process.ExitReason;
import io.otp4j.process.TimerRef;
import java.time.Duration;
import java.util.Objects;

/**
 * One thing a server's callback did, as {@link GenServerHarness} records it, in the order it happened.
 *
 * <p>A test matches on them with a {@code switch} or with {@code equals}: every effect is a record.
 */
public sealed interface Effect {

    /**
     * The server replied {@code value} to {@code request}: at once by returning {@code reply} or {@code
     * stopReply} ({@code deferred} false), or through the call's {@link io.otp4j.genserver.From From} ({@code
     * deferred} true), during the call or any time after it.
     *
     * @param request the request answered
     * @param value the reply
     * @param deferred whether the reply went through the call's {@code From}
     */
    record Replied(Call<?> request, Object value, boolean deferred) implements Effect {
        /** Checks the parts. */
        public Replied {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A callback set a timer aimed at the server itself ({@code sendAfter(self.self(), delay, message)}).
     *
     * @param timer the timer, as the callback got it
     * @param message what it will deliver to {@code handleInfo}
     * @param delay how long from when it was set until it fires
     */
    record TimerSet(TimerRef timer, Object message, Duration delay) implements Effect {
        /** Checks the parts. */
        public TimerSet {
            Objects.requireNonNull(timer, "timer");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(delay, "delay");
        }
    }

    /**
     * A callback cancelled a timer aimed at the server before it fired.
     *
     * @param timer the timer
     * @param message what it would have delivered
     */
    record TimerCancelled(TimerRef timer, Object message) implements Effect {
        /** Checks the parts. */
        public TimerCancelled {
            Objects.requireNonNull(timer, "timer");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * {@code handleInfo} ran with {@code message}: one the test sent, a timer's, one the server sent itself, or
     * {@link io.otp4j.genserver.InactivityTimeout#INSTANCE}.
     *
     * @param message the message handled
     */
    record InfoHandled(Object message) implements Effect {
        /** Checks the parts. */
        public InfoHandled {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * A callback asked to continue, and {@code handleContinue} ran with {@code argument} before anything else.
     *
     * @param argument the argument it ran with
     */
    record Continued(Object argument) implements Effect {
        /** Checks the parts. */
        public Continued {
            Objects.requireNonNull(argument, "argument");
        }
    }

    /**
     * A callback asked for an inactivity timeout: unless a message comes first, {@code handleInfo} gets {@link
     * io.otp4j.genserver.InactivityTimeout#INSTANCE} once the test has advanced the clock by {@code after}.
     *
     * @param after how long the server waits for a message
     */
    record TimeoutSet(Duration after) implements Effect {
        /** Checks the parts. */
        public TimeoutSet {
            Objects.requireNonNull(after, "after");
        }
    }

    /**
     * A callback's result awaited a message ({@code Results.awaiting}), and {@code answer} came: its {@code then}
     * ran with it, and what it returned counts as the callback's result.
     *
     * @param answer the message awaited
     */
    record Awaited(Object answer) implements Effect {
        /** Checks the parts. */
        public Awaited {
            Objects.requireNonNull(answer, "answer");
        }
    }

    /** A callback asked to hibernate while the server waits. */
    record Hibernated() implements Effect {}

    /** {@code init} returned {@code Init.ignore()}: the server never ran. */
    record Ignored() implements Effect {}

    /**
     * The server stopped with {@code reason}: a callback returned a stop, threw ({@link ExitReason#crash}), or
     * {@code init} failed. {@code terminate} has run, except after a failed {@code init}.
     *
     * @param reason why it stopped
     */
    record Stopped(ExitReason reason) implements Effect {
        /** Checks the parts. */
        public Stopped {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
