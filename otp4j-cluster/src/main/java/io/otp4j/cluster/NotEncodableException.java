package io.otp4j.cluster;

import io.otp4j.process.OtpException;

/**
 * A message for another node cannot cross: a class not on the allow-list, a kind of value the wire format does
 * not carry (ADR 23), or a frame over the size limit. Thrown at the sender; nothing was sent.
 */
public final class NotEncodableException extends OtpException {

    private static final long serialVersionUID = 1L;

    NotEncodableException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }

    NotEncodableException(String message) {
        super(message);
    }
}
