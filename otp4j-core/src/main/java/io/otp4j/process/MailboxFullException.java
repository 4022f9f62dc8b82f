package io.otp4j.process;

/**
 * A bounded mailbox did not take a message: it rejects when full, or it stayed full for the whole blocking
 * deadline. The message was not delivered.
 */
public final class MailboxFullException extends OtpException {

    private final Pid pid;
    private final int capacity;
    private final OverflowPolicy policy;

    MailboxFullException(Pid pid, int capacity, OverflowPolicy policy, String what) {
        super("mailbox of " + pid + " is full (capacity " + capacity + ", policy " + policy + "): " + what);
        this.pid = pid;
        this.capacity = capacity;
        this.policy = policy;
    }

    /** {@return the receiver} */
    public Pid pid() {
        return pid;
    }

    /** {@return the receiver's mailbox capacity} */
    public int capacity() {
        return capacity;
    }

    /** {@return the receiver's overflow policy} */
    public OverflowPolicy policy() {
        return policy;
    }
}
