package io.otp4j.persistence;

import io.otp4j.process.OtpException;

/**
 * Why durable state could not be loaded or stored: the store failed or refused ({@link StoreException}), an older
 * incarnation wrote ({@link StaleWriteException}), a stored record cannot be read ({@link CorruptRecordException}),
 * or a state or event cannot be encoded ({@link EncodeException}). Thrown from a durable server's callback, it
 * crashes the server with itself as the reason, and the reply is not sent.
 */
public abstract sealed class DurableException extends OtpException
        permits StoreException, StaleWriteException, CorruptRecordException, EncodeException {

    private static final long serialVersionUID = 1L;

    DurableException(String message) {
        super(message);
    }

    DurableException(String message, Throwable cause) {
        super(message, cause);
    }
}
