package io.otp4j.genserver;

import io.otp4j.process.Pid;

/**
 * The server's bounded mailbox, full and set to drop the newest message, dropped the call. Thrown at once.
 */
public final class CallDroppedException extends CallException {

    CallDroppedException(Pid server, Object request) {
        super(
                server,
                request,
                "call to " + server + " dropped: its mailbox is full and drops new messages: " + request);
    }
}
