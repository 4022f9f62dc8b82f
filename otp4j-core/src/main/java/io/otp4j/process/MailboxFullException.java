package io.otp4j.process;

/**
 * A bounded mailbox did not take a message: it rejects when full, or it stayed full for the whole blocking
 * deadline. The message was not delivered.
 *
 * <p>A sender that floods a full mailbox gets one of these per message, so its text is built only when someone
 * reads it, and a rejection ({@link OverflowPolicy#REJECT}) records no stack trace: it is the answer to a send,
 * raised by that send, and its {@link #pid()}, {@link #capacity()} and {@link #policy()} say which mailbox
 * refused. A mailbox that stayed full for its whole blocking deadline, or a sender interrupted while waiting for
 * room, keeps the stack trace.
 */
public final class MailboxFullException extends OtpException {

    /** The receiver. */
    private final Pid pid;

    /** The receiver's mailbox capacity. */
    private final int capacity;

    /** The receiver's overflow policy. */
    private final OverflowPolicy policy;

    /** What happened to the message: rejected at once, or full for the whole deadline. */
    private final String what;

    MailboxFullException(Pid pid, int capacity, OverflowPolicy policy, String what, boolean stackTrace) {
        super(what, stackTrace);
        this.pid = pid;
        this.capacity = capacity;
        this.policy = policy;
        this.what = what;
    }

    @Override
    public String getMessage() {
        return "mailbox of " + pid + " is full (capacity " + capacity + ", policy " + policy + "): " + what;
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
