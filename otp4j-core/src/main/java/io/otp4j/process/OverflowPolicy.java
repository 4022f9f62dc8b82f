package io.otp4j.process;

/** What a bounded mailbox does when it is full and one more message is sent. */
public enum OverflowPolicy {
    /** The sender waits for room up to the mailbox's deadline, then gets a {@link MailboxFullException}. */
    BLOCK,
    /** The sender gets a {@link MailboxFullException} at once. */
    REJECT,
    /** The new message is dropped and counted; the sender is told {@link Delivery#DROPPED}. */
    DROP_NEWEST,
    /**
     * The oldest waiting message is dropped and counted, and the new one taken; the sender is told {@link
     * Delivery#ACCEPTED_DROPPED_OLDEST}.
     */
    DROP_OLDEST
}
