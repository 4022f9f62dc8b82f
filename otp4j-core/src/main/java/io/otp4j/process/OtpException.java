package io.otp4j.process;

/**
 * The root of the errors otp4j reports to its callers. Each names what it concerns (the process, the name, the
 * mailbox, the server and the request) so the message alone says what went wrong.
 *
 * <p>The root is open so that every layer, in this module and in the others (the cache, the stages), can add
 * its own errors without the process layer naming them; each layer keeps its own family closed, as final classes
 * or a sealed class whose members live in its package ({@code CallException}, {@code TableException}, ...).
 * Catch {@code OtpException} for any error otp4j reports, or a family's class for one layer's.
 */
public abstract class OtpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * For the family's members, in every package and module of otp4j.
     *
     * @param message what went wrong, naming what it concerns
     */
    protected OtpException(String message) {
        super(message);
    }

    /**
     * For the family's members that carry a cause.
     *
     * @param message what went wrong, naming what it concerns
     * @param cause the underlying failure
     */
    protected OtpException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * For the family's members that some uses raise so often that a stack trace would cost more than the work
     * (a mailbox that rejects a flood of messages).
     *
     * @param message what went wrong, naming what it concerns
     * @param stackTrace whether to record where it was raised
     */
    protected OtpException(String message, boolean stackTrace) {
        super(message, null, true, stackTrace);
    }
}
