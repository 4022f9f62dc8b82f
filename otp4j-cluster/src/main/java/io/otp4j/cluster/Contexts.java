package io.otp4j.cluster;

import io.otp4j.observe.ContextCarrier;
import io.otp4j.observe.spi.Captured;
import io.otp4j.observe.spi.Observers;
import io.otp4j.process.Node;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The senders' contexts across nodes (ADR 23, addendum): a message, call or cast leaves with what the sending
 * node's {@link ContextCarrier}s capture, as text fields, and is delivered on the receiving node with what its
 * carriers read from those fields attached, so that the local send, call or cast that delivers it carries the
 * context on into the handler. With no carrier installed a frame costs one volatile read more, and nothing more
 * crosses.
 */
final class Contexts {

    private Contexts() {}

    /** {@return {@code frame}, with the calling thread's context fields if a carrier of {@code node} captured any} */
    static Frame traced(Node node, Frame frame) {
        Observers observers = Observers.of(node);
        if (observers == null) {
            return frame;
        }
        Captured captured = observers.capture();
        if (captured == null) {
            return frame;
        }
        Map<String, String> fields = captured.toFields();
        return fields.isEmpty() ? frame : new Frame.Traced(fields, frame);
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
