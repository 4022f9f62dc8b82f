package io.otp4j.genserver.spi;

import io.otp4j.process.ExitReason;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A callback's result, read: its shape, the state it goes on with, its reply and stop reason if it has them, and
 * what it asked the server to do before the next message.
 *
 * @param shape which factory made the result
 * @param state the state the server goes on (or ends) with; null only for {@link Shape#IGNORE} and {@link
 *     Shape#INIT_STOP}
 * @param reply the reply, for {@link Shape#REPLY} and {@link Shape#STOP_REPLY}
 * @param reason the exit reason, for the stopping shapes
 * @param continueWith the argument of {@code handleContinue} to run next, if asked
 * @param timeout the inactivity timeout asked for, if any
 * @param hibernate whether the server hibernates while it waits
 * @param awaiting the message the callback's result awaits ({@code Results.awaiting}), if it does: a {@link
 *     Shape#NO_REPLY} whose outcome is known only once that message comes
 */
public record Outcome(
        Shape shape,
        @Nullable Object state,
        @Nullable Object reply,
        @Nullable ExitReason reason,
        @Nullable Object continueWith,
        @Nullable Duration timeout,
        boolean hibernate,
        @Nullable Awaiting awaiting) {

    /**
     * What a result made by {@code Results.awaiting} waits for: the server takes no message but the first plain one
     * {@code match} accepts, and {@code then}'s outcome for it is the callback's.
     *
     * @param match the message to take next; asked of plain messages only (never of calls and casts)
     * @param then the callback's outcome, given that message; it throws what the server's own {@code then} throws
     */
    public record Awaiting(Predicate<Object> match, Function<Object, Outcome> then) {
        /** Checks the parts. */
        public Awaiting {
            Objects.requireNonNull(match, "match");
            Objects.requireNonNull(then, "then");
        }
    }

    /** The shapes a callback's result comes in. */
    public enum Shape {
        /** {@code Init.ok}: run with the state. */
        INIT_OK,
        /** {@code Init.ignore}: exit normally without running. */
        IGNORE,
        /** {@code Init.stop}: fail the start with the reason. */
        INIT_STOP,
        /** {@code reply}: reply and go on. */
        REPLY,
        /** {@code noReply}: go on, replying nothing now. */
        NO_REPLY,
        /** {@code stop}: stop with the reason. */
        STOP,
        /** {@code stopReply}: reply, then stop with the reason. */
        STOP_REPLY
    }

    /** Checks that the shape's parts are there. */
    public Outcome {
        Objects.requireNonNull(shape, "shape");
    }
}
