package io.otp4j.cluster;

import io.otp4j.genserver.spi.CallAnswer;
import io.otp4j.genserver.spi.CallRoute;
import io.otp4j.genserver.spi.Refusal;
import io.otp4j.genserver.spi.RemoteCalls;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * GenServer calls and casts between the members (ADR 23): the node's {@link CallRoute}, which numbers each call
 * it sends and keeps it until its answer comes, its caller gives up, or the callee's node is lost; and the serving
 * side, which hands each call that arrives to the generic server with an answer that goes back as a frame.
 *
 * <p>A call to a node that is not a member fails at once; so does every call waiting on a member that is lost
 * ({@code noconnection}). An answer whose call is no longer waiting (its caller timed out) is dropped.
 */
final class Calls implements CallRoute {

    private final Node node;
    private final ClusterRoute route;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    /** A call sent and not yet answered: the node it went to, and where its answer goes. */
    private record Pending(String node, CallAnswer answer) {}

    Calls(Node node, ClusterRoute route) {
        this.node = node;
        this.route = route;
    }

    // ------------------------------------------------------------------ the calling side

    @Override
    public @Nullable Runnable call(
            String toNode,
            @Nullable Pid server,
            @Nullable String name,
            @Nullable String serverClass,
            Object request,
            long timeoutNanos,
            CallAnswer answer) {
        long id = ids.incrementAndGet();
        Frame frame = Contexts.traced(
                node,
                new Frame.Call(
                        id,
                        node.name(),
                        toNode,
                        server,
                        name,
                        serverClass == null ? "" : serverClass,
                        request,
                        timeoutNanos));
        pending.put(id, new Pending(toNode, answer));
        boolean sent;
        try {
            sent = route.post(toNode, frame);
        } catch (RuntimeException e) {
            pending.remove(id); // the request cannot cross: the caller gets the error, nothing was sent
            throw e;
        }
        if (!sent) {
            pending.remove(id);
            return null;
        }
        return () -> pending.remove(id);
    }

    @Override
    public boolean cast(String toNode, @Nullable Pid server, @Nullable String name, Object request) {
        return route.post(toNode, Contexts.traced(node, new Frame.Cast(toNode, server, name, request)));
    }

    @Override
    public boolean connected(String other) {
        return route.isMember(other);
    }

    /** The answer to call {@code id} has come: hands it to the caller, if it is still waiting. */
    void answered(Frame frame) {
        switch (frame) {
            case Frame.Reply(long id, Object value) -> {
                Pending p = pending.remove(id);
                if (p != null) {
                    p.answer.replied(value);
                }
            }
            case Frame.CallExited(long id, ExitReason reason) -> {
                Pending p = pending.remove(id);
                if (p != null) {
                    p.answer.exited(reason);
                }
            }
            case Frame.CallRefused(long id, Refusal refusal, String detail) -> {
                Pending p = pending.remove(id);
                if (p != null) {
                    p.answer.refused(refusal, detail);
                }
            }
            default -> throw new IllegalArgumentException("not an answer: " + frame);
        }
    }

    /** A reply to call {@code id} arrived that this node could not decode (its class is not allowed here). */
    void undecodableReply(long id, String why) {
        Pending p = pending.remove(id);
        if (p != null) {
            p.answer.exited(ExitReason.custom("the reply could not be decoded on node " + node.name() + ": " + why));
        }
    }

    /** {@code lost} left the cluster: every call waiting on it fails now. */
    void nodeLost(String lost) {
        pending.forEach((id, p) -> {
            if (p.node.equals(lost) && pending.remove(id, p)) {
                p.answer.exited(ExitReason.noconnection());
            }
        });
    }

    /** This node left the cluster: every waiting call fails now. */
    void closeAll() {
        pending.forEach((id, p) -> {
            if (pending.remove(id, p)) {
                p.answer.exited(ExitReason.noconnection());
            }
        });
    }

    /** {@return how many calls wait for an answer} */
    int waiting() {
        return pending.size();
    }

    // ------------------------------------------------------------------ the serving side

    /** A call from another member: served by the local server it names. */
    void serve(Frame.Call call) {
        String serverClass = call.serverClass().isEmpty() ? null : call.serverClass();
        RemoteCalls.get()
                .serve(
                        node,
                        call.server(),
                        call.name(),
                        serverClass,
                        call.request(),
                        call.timeoutNanos(),
                        new ReplyTo(call.from(), call.id()));
    }

    /** A cast from another member. */
    void serve(Frame.Cast cast) {
        RemoteCalls.get().cast(node, cast.server(), cast.name(), cast.request());
    }

    /** The answer to one call from another member, sent back as a frame. */
    private final class ReplyTo implements CallAnswer {
        private final String caller;
        private final long id;

        ReplyTo(String caller, long id) {
            this.caller = caller;
            this.id = id;
        }

        @Override
        public void replied(Object value) {
            try {
                route.post(caller, new Frame.Reply(id, value));
            } catch (NotEncodableException e) {
                // The server replied something that cannot cross: the caller learns it now, not at its timeout.
                exited(ExitReason.custom("the reply cannot cross to node " + caller + ": " + e.getMessage()));
            }
        }

        @Override
        public void exited(ExitReason reason) {
            try {
                route.post(caller, new Frame.CallExited(id, reason));
            } catch (NotEncodableException e) {
                route.post(caller, new Frame.CallExited(id, ExitReason.custom(reason.toString())));
            }
        }

        @Override
        public void refused(Refusal refusal, String detail) {
            route.post(caller, new Frame.CallRefused(id, refusal, detail));
        }

        @Override
        public String toString() {
            return "a caller on node " + caller;
        }
    }
}
