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
     *
     * @param sending what is being sent: a call, a cast or a plain send, and to whom
     */
    default @Nullable C capture(Sending sending) {
        return capture();
    }

    /**
     * Makes {@code context} the handling thread's context, just before the handler runs; the returned handle
     * restores what was there before.
     *
     * @param context what {@link #capture} returned on the sending side (or {@link #fromFields} on a receiving
     *     node); never null, as a null capture is not attached
     * @return what restores the thread's context; closed on the handling thread just after the handler
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
     *
     * @param context what {@link #capture} returned for a message bound for another node
     */
    default Map<String, String> toFields(C context) {
        return Map.of();
    }

    /**
     * {@return the context that {@link #toFields} wrote as {@code fields}, on the receiving node}; null (the
     * default) when the fields carry none of this carrier's context.
     *
     * @param fields the text fields that came with the message, from every carrier of the sending node; may hold
     *     other carriers' fields, or none
     */
    default @Nullable C fromFields(Map<String, String> fields) {
        return null;
    }
}
