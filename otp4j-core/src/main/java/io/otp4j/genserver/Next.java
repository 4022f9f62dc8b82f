package io.otp4j.genserver;

import java.time.Duration;
import java.util.Objects;

/**
 * What a server does once a callback has returned, besides waiting for the next message: what the fluent
 * methods of {@link CallResult.Reply}, {@link Result.NoReply} and {@link Init.Ok} ask for.
 *
 * <ul>
 *   <li>{@link #none()}: wait for the next message.
 *   <li>{@link Continue}: call {@link GenServer#handleContinue} with the argument before any other message
 *       (Erlang's {@code {continue, Arg}}).
 *   <li>{@link Timeout}: if no message arrives within the duration, {@link GenServer#handleInfo} receives
 *       {@link InactivityTimeout#INSTANCE} (Erlang's {@code timeout}); any message cancels it.
 *   <li>{@link Hibernate}: drop what can be dropped before waiting (Erlang's {@code hibernate}).
 * </ul>
 */
sealed interface Next {

    /** {@return wait for the next message} */
    static Next none() {
        return None.INSTANCE;
    }

    /** Wait for the next message. */
    enum None implements Next {
        INSTANCE
    }

    /** Run {@link GenServer#handleContinue} with {@code argument} first. */
    record Continue(Object argument) implements Next {
        public Continue {
            Objects.requireNonNull(argument, "argument");
        }
    }

    /** Deliver {@link InactivityTimeout#INSTANCE} if no message comes within {@code after}. */
    record Timeout(Duration after) implements Next {
        public Timeout {
            Objects.requireNonNull(after, "after");
            if (after.isNegative()) {
                throw new IllegalArgumentException("an inactivity timeout must not be negative, was " + after);
            }
        }
    }

    /** Hibernate while waiting. */
    enum Hibernate implements Next {
        INSTANCE
    }
}
