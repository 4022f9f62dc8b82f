package io.otp4j.persistence;

/** A state or event that its codec cannot encode; nothing is stored. */
public final class EncodeException extends DurableException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with {@code message} and the codec's {@code cause}.
     *
     * @param message what could not be encoded
     * @param cause what the codec threw
     */
    public EncodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
