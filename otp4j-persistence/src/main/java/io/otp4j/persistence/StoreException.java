package io.otp4j.persistence;

/**
 * The store could not be reached, refused a write (full, read-only, closed) or did not flush in time. Nothing it
 * held before is changed: a failed batch is rolled back.
 */
public final class StoreException extends DurableException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with {@code message}, naming the store and what failed.
     *
     * @param message the store and what failed
     */
    public StoreException(String message) {
        super(message);
    }

    /**
     * An error with {@code message} and the store driver's {@code cause}.
     *
     * @param message the store and what failed
     * @param cause the driver's error
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
