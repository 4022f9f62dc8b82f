package io.otp4j.process;

/**
 * What became of a message given to {@code send}. A send never silently loses a message it reports as
 * accepted: an accepted message stays in the mailbox until the receiver takes it or exits.
 */
public enum Delivery {
    /** The message is in the receiver's mailbox. */
    ACCEPTED,
    /** The message is in the mailbox; the mailbox was full and dropped its oldest user message for it. */
    ACCEPTED_DROPPED_OLDEST,
    /** The mailbox was full and drops the newest message: this message was dropped, and counted. */
    DROPPED,
    /** The receiver is not alive; as in Erlang, sending to it is not an error. */
    NO_PROCESS;

    /** {@return whether the message is now in the receiver's mailbox} */
    public boolean accepted() {
        return this == ACCEPTED || this == ACCEPTED_DROPPED_OLDEST;
    }
}
