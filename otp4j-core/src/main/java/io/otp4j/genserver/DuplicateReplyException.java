package io.otp4j.genserver;

import io.otp4j.process.OtpException;
import io.otp4j.process.Pid;

/** A call was replied to twice; the first reply stands. */
public final class DuplicateReplyException extends OtpException {

    DuplicateReplyException(Pid server, Object request) {
        super("a reply to " + request + " (a call to " + server + ") was already sent; a call gets one reply");
    }
}
