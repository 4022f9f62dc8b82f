package io.otp4j.opentelemetry;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.otp4j.observe.CallFinished;
import io.otp4j.observe.ContextCarrier;
import io.otp4j.observe.ProcessObserver;
import io.otp4j.observe.Sending;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Carries the sender's OpenTelemetry {@link Context} with {@code call}, {@code cast} and {@code send} into the
 * handler: the handler runs with the caller's context current, so its spans are children of the caller's span and
 * it sees the caller's baggage. Across nodes the context crosses as the text fields of a
 * {@link TextMapPropagator}: W3C trace context and baggage ({@code traceparent}, {@code tracestate},
 * {@code baggage}) unless another propagator is given.
 *
 * <p>A sender whose current context is the root context (no span, no baggage) carries nothing, and the message
 * costs nothing more after the capture.
 *
 * {@snippet class="io.otp4j.opentelemetry.TraceContextCarrierTest" region="carry"}
 */
public final class TraceContextCarrier implements ContextCarrier<Context>, ProcessObserver {

    private static final TextMapGetter<Map<String, String>> FROM_MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final TextMapPropagator propagator;
    private final @Nullable CallSpans spans;

    private TraceContextCarrier(TextMapPropagator propagator, @Nullable CallSpans spans) {
        this.propagator = propagator;
        this.spans = spans;
    }

    /** {@return a carrier whose context crosses nodes as W3C trace context and W3C baggage} */
    public static TraceContextCarrier w3c() {
        return new TraceContextCarrier(
                TextMapPropagator.composite(
                        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()),
                null);
    }

    /**
     * {@return a carrier whose context crosses nodes as {@code propagator} writes it}, such as
     * {@code openTelemetry.getPropagators().getTextMapPropagator()}
     *
     * @param propagator writes the context into a message's carrier and reads it back on the receiving side
     */
    public static TraceContextCarrier of(TextMapPropagator propagator) {
        return new TraceContextCarrier(Objects.requireNonNull(propagator, "propagator"), null);
    }

    /**
     * {@return this carrier, that also starts a span per call with {@code tracer}}: a {@link SpanKind#CLIENT CLIENT}
     * span on the caller, named {@code otp4j call <server's name or request type>}, from the call's send until the
     * call ends (status {@code ERROR} unless the server replied), and a {@link SpanKind#SERVER SERVER} span, its
     * child, around the server's {@code handleCall}. Casts and sends get none. For the client span to end, install
     * the carrier as an observer too ({@code Observation.add}). A call to another node's server gets its client
     * span on the caller's node and its server span on the server's, when both nodes carry spans: the server span is
     * the client span's child, in the same trace.
     *
     * {@snippet class="io.otp4j.opentelemetry.CallSpansTest" region="spans"}
     *
     * @param tracer makes the client and server spans of calls
     */
    public TraceContextCarrier withSpans(Tracer tracer) {
        return new TraceContextCarrier(propagator, new CallSpans(Objects.requireNonNull(tracer, "tracer")));
    }

    @Override
    public @Nullable Context capture(Sending sending) {
        CallSpans s = spans;
        if (s != null && sending.kind() == Sending.Kind.CALL) {
            return s.startClient(Context.current(), sending);
        }
        if (s != null && sending.kind() == Sending.Kind.REMOTE_CALL) {
            Context current = Context.current();
            return current == Context.root() ? null : s.served(current, sending);
        }
        return capture();
    }

    /** Ends the client span of a call that ended, when this carrier starts spans; else does nothing. */
    @Override
    public void callFinished(CallFinished event) {
        CallSpans s = spans;
        if (s != null) {
            s.finished(event);
        }
    }

    /** {@return {@link Integer#MAX_VALUE}}: a client span keeps its own time, so no call is timed for this carrier */
    @Override
    public int timeOneCallIn() {
        return Integer.MAX_VALUE;
    }

    @Override
    public @Nullable Context capture() {
        Context current = Context.current();
        return current == Context.root() ? null : current;
    }

    @Override
    @SuppressWarnings("MustBeClosedChecker") // the node closes the returned Attached, on this thread, after the handler
    public Attached attach(Context context) {
        CallSpans s = spans;
        if (s != null) {
            return s.attach(context);
        }
        Scope scope = context.makeCurrent();
        return scope::close;
    }

    @Override
    public Map<String, String> toFields(Context context) {
        Map<String, String> fields = new HashMap<>();
        propagator.inject(context, fields, (map, key, value) -> {
            if (map != null) {
                map.put(key, value);
            }
        });
        return fields;
    }

    @Override
    public @Nullable Context fromFields(Map<String, String> fields) {
        Context extracted = propagator.extract(Context.root(), fields, FROM_MAP);
        return extracted == Context.root() ? null : extracted;
    }

    @Override
    public String toString() {
        return "TraceContextCarrier[" + propagator + (spans == null ? "" : ", " + spans) + "]";
    }
}
