package io.otp4j.genserver;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;

/**
 * The server of a call was not alive ({@link ExitReason#noproc()}), or exited before replying. Thrown at
 * once, not after the timeout.
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

    /** {@return the server's exit reason} */
    public ExitReason reason() {
        return reason;
    }
}
