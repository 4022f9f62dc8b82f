package io.otp4j.cluster;

import io.otp4j.process.OtpException;

/**
 * The cause of a {@code crash} exit reason that came from another node: a throwable never crosses (no class
 * outside the allow-list is rebuilt), only its description, which is this exception's message.
 */
public final class RemoteCrashException extends OtpException {

    private static final long serialVersionUID = 1L;

    RemoteCrashException(String description) {
        super(description);
    }

    /** No stack: the one that mattered is on the other node. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
