package io.otp4j.genserver;

import io.otp4j.process.Pid;

/**
 * The caller's thread was interrupted while it waited for a reply (a calling process that an exit signal
 * reached ends this way). The caller has given up; its interrupt status is set again.
 */
public final class CallInterruptedException extends CallException {

    CallInterruptedException(Pid server, Object request) {
        super(server, request, "call to " + server + " interrupted while waiting for the reply: " + request);
    }
}
