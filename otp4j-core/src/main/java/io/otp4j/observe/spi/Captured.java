package io.otp4j.observe.spi;

import io.otp4j.observe.ContextCarrier;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A sender's contexts, captured by the carriers installed when it sent, on their way to the handler: attached around
 * the handler that takes the message with {@link #attach()}, or turned into text fields to cross to another node.
 */
public final class Captured {

    private final ContextCarrier<?>[] carriers;
    private final @Nullable Object[] contexts;

    Captured(ContextCarrier<?>[] carriers, @Nullable Object[] contexts) {
        this.carriers = carriers;
        this.contexts = contexts;
    }

    /**
     * Attaches the contexts to the calling thread, in the order the carriers were installed, and returns what
     * detaches them, in reverse order. A carrier that throws is logged once and skipped.
     *
     * @return what detaches them again; closed on the same thread, after the handler
     */
    public ContextCarrier.Attached attach() {
        ContextCarrier.Attached[] attached = new ContextCarrier.Attached[carriers.length];
        for (int i = 0; i < carriers.length; i++) {
            Object context = contexts[i];
            if (context != null) {
                try {
                    attached[i] = attachOne(carriers[i], context);
                } catch (RuntimeException | LinkageError e) {
                    Observers.failed(carriers[i], e);
                }
            }
        }
        return () -> {
            for (int i = attached.length - 1; i >= 0; i--) {
                ContextCarrier.Attached a = attached[i];
                if (a != null) {
                    try {
                        a.close();
                    } catch (RuntimeException | LinkageError e) {
                        Observers.failed(carriers[i], e);
                    }
                }
            }
        };
    }

    @SuppressWarnings("unchecked") // each context was captured by the carrier at the same index
    private static <C> ContextCarrier.Attached attachOne(ContextCarrier<C> carrier, Object context) {
        return carrier.attach((C) context);
    }

    /** {@return the contexts as text fields, all carriers' together} (empty: nothing crosses) */
    public Map<String, String> toFields() {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < carriers.length; i++) {
            Object context = contexts[i];
            if (context != null) {
                try {
                    fields.putAll(fieldsOf(carriers[i], context));
                } catch (RuntimeException | LinkageError e) {
                    Observers.failed(carriers[i], e);
                }
            }
        }
        return Map.copyOf(fields);
    }

    @SuppressWarnings("unchecked") // each context was captured by the carrier at the same index
    private static <C> Map<String, String> fieldsOf(ContextCarrier<C> carrier, Object context) {
        return carrier.toFields((C) context);
    }

    @Override
    public String toString() {
        return "Captured[" + carriers.length + " carriers]";
    }
}
