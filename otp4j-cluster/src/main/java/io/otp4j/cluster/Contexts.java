package io.otp4j.cluster;

import io.otp4j.observe.ContextCarrier;
import io.otp4j.observe.Sending;
import io.otp4j.observe.spi.Captured;
import io.otp4j.observe.spi.Observers;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The senders' contexts across nodes (ADR 23, addendum): a message, call or cast leaves with what the sending
 * node's {@link ContextCarrier}s capture, as text fields, and is delivered on the receiving node with what its
 * carriers read from those fields attached, so that the local send, call or cast that delivers it carries the
 * context on into the handler. With no carrier installed a frame costs one volatile read more, and nothing more
 * crosses.
 *
 * <p>The carriers capture as for a local send, told what is sent ({@link Sending}): a call to another node's server
 * is a {@link Sending.Kind#CALL CALL}, so a carrier that starts a span per call starts the caller's span here, and
 * ends it when the call ends, on the caller's node. The receiving node hands the call to its server as a
 * {@link Sending.Kind#REMOTE_CALL REMOTE_CALL}: the server's span, if any, is the caller's span's child.
 */
final class Contexts {

    private static final Engine ENGINE = Engine.get();

    private Contexts() {}

    /**
     * {@return {@code frame} (a send, call or cast), with the calling thread's context fields if a carrier of
     * {@code node} captured any}
     */
    static Frame traced(Node node, Frame frame) {
        Observers observers = Observers.of(node);
        if (observers == null) {
            return frame;
        }
        Captured captured = observers.capture(sending(node, frame));
        if (captured == null) {
            return frame;
        }
        Map<String, String> fields = captured.toFields();
        return fields.isEmpty() ? frame : new Frame.Traced(fields, frame);
    }

    /** {@return what {@code frame} sends, as the carriers of {@code node} are told it} */
    private static Sending sending(Node node, Frame frame) {
        return switch (frame) {
            case Frame.Call call ->
                new Sending(
                        Sending.Kind.CALL,
                        target(node, call.node(), call.server()),
                        call.name(),
                        call.request().getClass());
            case Frame.Cast cast ->
                new Sending(
                        Sending.Kind.CAST,
                        target(node, cast.node(), cast.server()),
                        cast.name(),
                        cast.request().getClass());
            case Frame.Send send ->
                new Sending(Sending.Kind.SEND, send.to(), null, send.message().getClass());
            case Frame.SendToName send ->
                new Sending(
                        Sending.Kind.SEND,
                        target(node, send.node(), null),
                        send.name(),
                        send.message().getClass());
            default -> throw new IllegalArgumentException("not a send, call or cast: " + frame);
        };
    }

    /**
     * {@return {@code server}, or for a server named on {@code toNode}, that node's pseudo-pid: the pid a call's end
     * reports as its server}
     */
    private static Pid target(Node node, String toNode, @Nullable Pid server) {
        return server != null ? server : ENGINE.pid(node, toNode, 0, 0);
    }

    /**
     * Delivers the frame that {@code traced} holds with {@code deliver}, under the context that {@code node}'s
     * carriers read from its fields; with none installed, or none that reads them, just delivers it.
     */
    static void deliver(Node node, Frame.Traced traced, Consumer<Frame> deliver) {
        Observers observers = Observers.of(node);
        Captured captured = observers == null ? null : observers.fromFields(traced.context());
        if (captured == null) {
            deliver.accept(traced.frame());
            return;
        }
        try (ContextCarrier.Attached attached = captured.attach()) {
            deliver.accept(traced.frame());
        }
    }
}
