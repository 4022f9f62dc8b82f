package io.otp4j.persistence;

/**
 * A stored record cannot be read: its codec rejected it, its schema version is newer than the code's or has no
 * upcaster, or events are missing. The record is left as it is.
 */
public final class CorruptRecordException extends DurableException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with {@code message}, naming the identity and the record.
     *
     * @param message what cannot be read, and why
     */
    public CorruptRecordException(String message) {
        super(message);
    }

    /**
     * An error with {@code message} and the decoder's {@code cause}.
     *
     * @param message what cannot be read
     * @param cause what the decoder or upcaster threw
     */
    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
