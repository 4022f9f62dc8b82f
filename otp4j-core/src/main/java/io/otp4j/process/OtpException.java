package io.otp4j.process;

/**
 * The family of errors otp4j reports to its callers. Each names what it concerns (the process, the name, the
 * mailbox, the server and the request) so the message alone says what went wrong.
 */
public abstract sealed class OtpException extends RuntimeException
        permits NoProcException,
                NameTakenException,
                NameNotRegisteredException,
                MailboxFullException,
                NodeClosedException,
                io.otp4j.genserver.CallException,
                io.otp4j.genserver.StartException,
                io.otp4j.genserver.DuplicateReplyException,
                io.otp4j.supervisor.SupervisorException,
                io.otp4j.table.TableException,
                io.otp4j.genserver.ServerNotFoundException,
                io.otp4j.registry.AlreadyRegisteredException,
                io.otp4j.task.TaskException {

    /** For the family's members, here and in the other packages of this module. */
    protected OtpException(String message) {
        super(message);
    }

    /** For the family's members that carry a cause. */
    protected OtpException(String message, Throwable cause) {
        super(message, cause);
    }
}
