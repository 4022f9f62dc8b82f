package io.otp4j.cluster;

import io.otp4j.genserver.spi.Refusal;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Pid;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What one node tells another: the calls of {@link io.otp4j.process.spi.RemoteRoute}, one record each. */
sealed interface Frame {

    /** A message for the process {@code to}. */
    record Send(Pid to, Object message) implements Frame {}

    /** A message for the process registered as {@code name} on the node {@code node}. */
    record SendToName(String node, String name, Object message) implements Frame {}

    /** An exit signal from {@code from} to {@code to}, through a link if {@code viaLink}. */
    record ExitSignal(Pid from, Pid to, ExitReason reason, boolean viaLink) implements Frame {}

    /** Link {@code to} (on the receiver) with {@code from}. */
    record Link(Pid from, Pid to) implements Frame {}

    /** Unlink {@code to} (on the receiver) from {@code from}. */
    record Unlink(Pid from, Pid to) implements Frame {}

    /** Monitor {@code target} (on the receiver) for {@code watcher}. */
    record Monitor(MonitorRef ref, Pid watcher, Pid target) implements Frame {}

    /** Remove the monitor {@code ref} of {@code watcher} on {@code target}. */
    record Demonitor(MonitorRef ref, Pid watcher, Pid target) implements Frame {}

    /** The monitored {@code target} ended with {@code reason}: a Down for {@code watcher} (on the receiver). */
    record Down(MonitorRef ref, Pid watcher, Pid target, ExitReason reason) implements Frame {}

    /**
     * A call from the node {@code from} (which numbered it {@code id}) to the server {@code server}, or to the one
     * registered as {@code name} on {@code node}; {@code serverClass} is the class it must be, empty for any.
     */
    record Call(
            long id,
            String from,
            String node,
            @Nullable Pid server,
            @Nullable String name,
            String serverClass,
            Object request,
            long timeoutNanos)
            implements Frame {}

    /** A cast to the server {@code server}, or to the one registered as {@code name} on {@code node}. */
    record Cast(String node, @Nullable Pid server, @Nullable String name, Object request) implements Frame {}

    /** The reply to the receiver's call {@code id}. */
    record Reply(long id, Object value) implements Frame {}

    /** The receiver's call {@code id} failed: its server exited with {@code reason}, or was gone. */
    record CallExited(long id, ExitReason reason) implements Frame {}

    /** The receiver's call {@code id} reached no server's handler, for {@code refusal}. */
    record CallRefused(long id, Refusal refusal, String detail) implements Frame {}

    /**
     * {@code frame}, a message, call or cast, with its sender's context as text fields: what the sending node's
     * {@link io.otp4j.observe.ContextCarrier}s captured (a trace context, logging fields), for the receiving node's
     * carriers to attach around the handler. Sent only when a carrier captured something (ADR 23, addendum).
     */
    record Traced(Map<String, String> context, Frame frame) implements Frame {

        /** The most fields one frame carries. */
        static final int MAX_FIELDS = 64;

        public Traced {
            context = Map.copyOf(context);
            Objects.requireNonNull(frame, "frame");
            if (context.isEmpty() || context.size() > MAX_FIELDS) {
                throw new IllegalArgumentException(
                        "a traced frame carries 1 to " + MAX_FIELDS + " context fields, not " + context.size());
            }
            if (!carriesContext(frame)) {
                throw new IllegalArgumentException("only a send, call or cast carries a context, not " + frame);
            }
        }

        /** {@return whether a frame of this kind may carry a context} */
        static boolean carriesContext(Frame frame) {
            return frame instanceof Send
                    || frame instanceof SendToName
                    || frame instanceof Call
                    || frame instanceof Cast;
        }
    }
}
