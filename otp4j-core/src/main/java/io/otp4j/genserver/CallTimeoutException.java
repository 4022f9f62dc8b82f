package io.otp4j.genserver;

import io.otp4j.process.Pid;
import java.time.Duration;

/**
 * A call got no reply within its timeout. The caller has given up: a reply that comes later is dropped, and a
 * server that has not started on the request yet skips it.
 */
public final class CallTimeoutException extends CallException {

    /** The timeout that passed. */
    private final Duration timeout;

    CallTimeoutException(Pid server, Object request, Duration timeout) {
        super(server, request, "call to " + server + " timed out after " + timeout + ": " + request);
        this.timeout = timeout;
    }

    /** {@return the timeout that passed} */
    public Duration timeout() {
        return timeout;
    }
}
