package io.otp4j.genserver;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;

/**
 * A call, a {@linkplain GenServerRef#sendRequest sent request} or a {@linkplain GenServerRef#stop stop} got no
 * answer because its server ended. Thrown at once, not after the timeout. The {@linkplain #reason() reason} tells
 * the two cases apart, as Erlang's {@code gen_server:call} and {@code gen_server:stop} do:
 *
 * <ul>
 *   <li>{@link ExitReason#noproc()}: the server was already gone when the request was sent. Nothing reached it,
 *       so sending the request again (to a restarted server, say) cannot do its work twice.
 *   <li>any other reason: the server exited after the request reached it, before answering, with that reason
 *       (its crash, its stop reason, {@code killed}...). The request may or may not have had its effect.
 * </ul>
 */
public final class ServerExitedException extends CallException {

    private final transient ExitReason reason;

    ServerExitedException(Pid server, Object request, ExitReason reason) {
        super(server, request, "call to " + server + " failed, the server exited with " + reason + ": " + request);
        this.reason = reason;
        if (reason instanceof ExitReason.Crash crash) {
            initCause(crash.cause());
        }
    }

    /** {@return the server's exit reason, or {@code noproc} if it was already gone when the request was sent} */
    public ExitReason reason() {
        return reason;
    }
}
