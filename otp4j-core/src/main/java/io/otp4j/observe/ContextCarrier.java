package io.otp4j.observe;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Carries a caller's context (a trace context, logging fields) with {@code call}, {@code cast} and {@code send}
 * into the handler that takes the message: installed with {@link Observation#carry}.
 *
 * <p>{@link #capture(Sending)} runs on the sending thread as the message is sent; the process that takes the message
 * then runs {@link #attach} just before its handler ({@code handleCall}, {@code handleCast}, {@code handleInfo}),
 * and closes what it returned just after. A call's context stays that of the call being handled: a reply deferred
 * to a later callback is sent under the context of that later callback's message.
 *
 * @param <C> the context's type
 */
public interface ContextCarrier<C> {

    /**
     * {@return the calling thread's context, or null when there is nothing to carry}: a null costs nothing after
     * this call (no wrapping of the message, no attach). Called on the sending thread; must be quick.
     */
    @Nullable
    C capture();

    /**
     * {@return the calling thread's context for sending {@code sending}, or null when there is nothing to carry}:
     * what core calls as a message is sent. The default is {@link #capture()}; a carrier that treats a call apart
     * from a cast or send (one that starts a span per call, say) overrides it.
     */
    default @Nullable C capture(Sending sending) {
        return capture();
    }

    /**
     * Makes {@code context} the handling thread's context, just before the handler runs; the returned handle
     * restores what was there before.
     */
    Attached attach(C context);

    /** What {@link #attach} returns: closed on the same thread just after the handler, even if it threw. */
    interface Attached extends AutoCloseable {
        /** Restores the thread's context as it was before {@link ContextCarrier#attach}; throws nothing. */
        @Override
        void close();
    }

    /**
     * {@return {@code context} as text fields, to cross to another node}; an empty map (the default) means the
     * context stays on this node.
     */
    default Map<String, String> toFields(C context) {
        return Map.of();
    }

    /**
     * {@return the context that {@link #toFields} wrote as {@code fields}, on the receiving node}; null (the
     * default) when the fields carry none of this carrier's context.
     */
    default @Nullable C fromFields(Map<String, String> fields) {
        return null;
    }
}
