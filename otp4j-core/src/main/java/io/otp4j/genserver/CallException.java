package io.otp4j.genserver;

import io.otp4j.process.OtpException;
import io.otp4j.process.Pid;

/**
 * A call got no reply. The message names the server, the request and why: it timed out ({@link
 * CallTimeoutException}), the server was not alive or exited during the call ({@link ServerExitedException}),
 * the caller was interrupted ({@link CallInterruptedException}), or the server's bounded mailbox dropped it
 * ({@link CallDroppedException}).
 */
public abstract sealed class CallException extends OtpException
        permits CallTimeoutException, ServerExitedException, CallInterruptedException, CallDroppedException {

    /** The server called. */
    private final Pid server;

    private final transient Object request;

    CallException(Pid server, Object request, String message) {
        super(message);
        this.server = server;
        this.request = request;
    }

    /** {@return the server called} */
    public Pid server() {
        return server;
    }

    /** {@return the request that got no reply} */
    public Object request() {
        return request;
    }
}
