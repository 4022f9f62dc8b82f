package io.otp4j.cluster;

import io.otp4j.process.OtpException;

/** A node could not join its cluster: it was refused (no secret, or another one), or the transport failed. */
public final class ClusterJoinException extends OtpException {

    private static final long serialVersionUID = 1L;

    ClusterJoinException(String message) {
        super(message);
    }

    ClusterJoinException(String message, Throwable cause) {
        super(message, cause);
    }
}
