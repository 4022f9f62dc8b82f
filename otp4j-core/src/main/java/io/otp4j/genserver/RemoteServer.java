package io.otp4j.genserver;

import io.otp4j.genserver.spi.CallAnswer;
import io.otp4j.genserver.spi.CallRoute;
import io.otp4j.genserver.spi.Refusal;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A server of another node, as a reference's target: by pid, or by a name looked up on its node at each request
 * (Erlang's {@code {Name, Node}}). Requests go through the local node's {@link CallRoute}; without one (the node
 * is in no cluster) or when the server's node is not connected, a call fails at once with {@code noconnection}.
 */
record RemoteServer(
        Node local,
        String node,
        @Nullable Pid pid,
        @Nullable String name,
        @Nullable String serverClass) {

    private static final Engine ENGINE = Engine.get();

    RemoteServer {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(node, "node");
        if ((pid == null) == (name == null)) {
            throw new IllegalArgumentException("a server of another node is named by a pid or by a name");
        }
    }

    /** {@return the pid shown in the errors of a call: the server's, or its node's pseudo-pid for a name} */
    Pid shown() {
        return pid != null ? pid : ENGINE.pid(local, node, 0, 0);
    }

    /** Sends {@code request} as a call whose answer {@code caller} waits for. */
    From send(Object request, long timeoutNanos, Thread caller) {
        return route(new From(request, shown(), caller), timeoutNanos);
    }

    /**
     * Sends {@code request} as a call whose answer goes to {@code target}, with no thread waiting for it; the
     * server's node skips it once {@code timeoutNanos} have passed ({@link Long#MAX_VALUE}: never).
     */
    From send(Object request, long timeoutNanos, ReplyTarget target) {
        return route(new From(request, shown(), target), timeoutNanos);
    }

    private From route(From from, long timeoutNanos) {
        Object request = from.request;
        Runnable forget = ENGINE.service(local, CallRoute.class)
                .map(route -> route.call(node, pid, name, serverClass, request, timeoutNanos, new Answer(from)))
                .orElse(null);
        if (forget == null) {
            from.fail(ExitReason.noconnection()); // not connected: nothing was sent, so it fails at once
        } else {
            from.onGiveUp(forget);
        }
        return from;
    }

    /** Casts {@code request}; dropped if the node is not connected, as a cast to a server that is not alive. */
    void cast(Object request) {
        Optional<CallRoute> route = ENGINE.service(local, CallRoute.class);
        route.ifPresent(r -> r.cast(node, pid, name, request));
    }

    /** {@return whether the server's node is connected to the local node}: all this node can tell at once */
    boolean reachable() {
        return ENGINE.service(local, CallRoute.class)
                .map(route -> route.connected(node))
                .orElse(false);
    }

    @Override
    public String toString() {
        return pid != null ? pid.toString() : name + " on " + node;
    }

    /** Hands what comes back to the waiting caller's {@link From}. */
    private record Answer(From from) implements CallAnswer {

        @Override
        public void replied(Object value) {
            from.complete(value);
        }

        @Override
        public void exited(ExitReason reason) {
            from.fail(reason);
        }

        @Override
        public void refused(Refusal refusal, String detail) {
            switch (refusal) {
                // As Erlang's gen_server:call({Name, Node}, ...) to a name nobody holds: noproc.
                case NOT_FOUND, WRONG_TYPE -> from.fail(ExitReason.noproc());
                case DROPPED -> from.fail(new CallDroppedException(from.serverPid(), from.request));
            }
        }
    }
}
