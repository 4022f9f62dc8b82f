package io.otp4j.opentelemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.otp4j.observe.CallFinished;
import io.otp4j.observe.ContextCarrier;
import io.otp4j.observe.Sending;
import io.otp4j.process.Pid;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A client span per call, on the caller, and a server span around its {@code handleCall}, as the client span's
 * child: what {@link TraceContextCarrier#withSpans} adds.
 *
 * <p>The client span starts as the call is sent and ends when {@link #finished} is told the call ended, on the
 * caller's thread: each thread keeps the client spans of its calls still waiting (a few: one for a blocking call,
 * more while it has asynchronous calls out), and a thread that starts more than {@link #MAX_WAITING} ends the oldest.
 * The server span starts as the handler's context is attached, and ends when it is closed, after the observers were
 * told the call was handled. For a call from another node, the caller's node started and ends the client span; this
 * node only makes the server span, as the child of the client span whose context crossed with the call.
 */
final class CallSpans {

    /** The most client spans one thread keeps waiting for their calls to end. */
    static final int MAX_WAITING = 32;

    /** The call a context was captured for: its client span (while still the context's span) and its name. */
    private static final ContextKey<CallMark> CALL = ContextKey.named("otp4j.call");

    private final Tracer tracer;
    private final ThreadLocal<ArrayDeque<Waiting>> waiting = ThreadLocal.withInitial(ArrayDeque::new);

    private record Waiting(Pid server, Class<?> requestType, Span span) {}

    private record CallMark(SpanContext client, String name) {}

    CallSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** {@return {@code parent} with a new client span for the call {@code sending}, marked as a call's} */
    Context startClient(Context parent, Sending sending) {
        String name = nameOf(sending);
        Span span = tracer.spanBuilder(name)
                .setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("otp4j.target", sending.target().toString())
                .setAttribute("otp4j.request.type", sending.messageType().getName())
                .startSpan();
        ArrayDeque<Waiting> mine = waiting.get();
        if (mine.size() >= MAX_WAITING) {
            Waiting oldest = mine.removeFirst();
            oldest.span().setStatus(StatusCode.ERROR, "no end seen for the call");
            oldest.span().end();
        }
        mine.addLast(new Waiting(sending.target(), sending.messageType(), span));
        return parent.with(span).with(CALL, new CallMark(span.getSpanContext(), name));
    }

    /**
     * {@return {@code context}, the context of a call from another node as read back here, marked as a call's}: its
     * span is the caller's client span (a remote parent), so that {@link #attach} makes the server span its child.
     * Unmarked if no span crossed with it.
     */
    Context served(Context context, Sending sending) {
        SpanContext client = Span.fromContext(context).getSpanContext();
        return client.isValid() ? context.with(CALL, new CallMark(client, nameOf(sending))) : context;
    }

    /**
     * {@return what runs the handler under {@code context}: in a server span, the client span's child, if
     * {@code context} is a call's as captured; else just under it}
     */
    @SuppressWarnings("MustBeClosedChecker") // the node closes the returned Attached, on this thread, after handled
    ContextCarrier.Attached attach(Context context) {
        CallMark call = context.get(CALL);
        if (call == null || !call.client().equals(Span.fromContext(context).getSpanContext())) {
            Scope scope = context.makeCurrent();
            return scope::close;
        }
        Span server = tracer.spanBuilder(call.name())
                .setParent(context)
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        Scope scope = context.with(server).makeCurrent();
        return () -> {
            scope.close();
            server.end();
        };
    }

    /** Ends the client span of the call that {@code event} says ended, on the caller's thread. */
    void finished(CallFinished event) {
        ArrayDeque<Waiting> mine = waiting.get();
        for (Iterator<Waiting> it = mine.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.server().equals(event.server()) && w.requestType() == event.requestType()) {
                it.remove();
                Span span = w.span();
                span.setAttribute("otp4j.outcome", event.outcome().name());
                if (event.outcome() != CallFinished.Outcome.REPLIED) {
                    span.setStatus(StatusCode.ERROR, event.outcome().name());
                }
                span.end();
                return;
            }
        }
    }

    private static String nameOf(Sending sending) {
        String name = sending.name();
        return "otp4j call " + (name != null ? name : sending.messageType().getSimpleName());
    }

    @Override
    public String toString() {
        return "CallSpans[" + tracer + "]";
    }
}
