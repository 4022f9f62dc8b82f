package io.otp4j.process;

/**
 * The family of errors the process layer reports to its callers. Each names what it concerns (the process,
 * the name, the mailbox) so the message alone says what went wrong.
 */
public abstract sealed class OtpException extends RuntimeException
        permits NoProcException,
                NameTakenException,
                NameNotRegisteredException,
                MailboxFullException,
                NodeClosedException {

    OtpException(String message) {
        super(message);
    }
}
