package io.otp4j.genserver;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

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
 *   <li>{@link Await}: finish the callback once a message comes: take no message but the first that a predicate
 *       accepts, whose handler's result is the callback's; the others wait in the mailbox, in order.
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

    /**
     * The callback's result is not known yet: take no message but the first that {@code match} accepts, and hand it
     * to {@code then}, whose result is the callback's ({@link Results#awaiting}). For a call, {@code from} is the
     * call being answered, set by the loop.
     */
    record Await(
            Predicate<Object> match,
            Function<Object, ? extends CallResult<?>> then,
            @Nullable From from) implements Next {
        public Await {
            Objects.requireNonNull(match, "match");
            Objects.requireNonNull(then, "then");
        }

        /** {@return the same, answering {@code call}} */
        Await forCall(From call) {
            return new Await(match, then, call);
        }
    }

    /** Hibernate while waiting. */
    enum Hibernate implements Next {
        INSTANCE
    }
}
