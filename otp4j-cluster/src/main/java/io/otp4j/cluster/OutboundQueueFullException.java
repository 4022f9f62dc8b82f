package io.otp4j.cluster;

import io.otp4j.process.OtpException;
import io.otp4j.process.OverflowPolicy;

/**
 * The queue of frames waiting for another node did not take a message: its policy rejects when full, or it stayed
 * full for the whole blocking deadline, or the waiting sender was interrupted (ADR 27). The message was not sent.
 * The cluster's counterpart of a full bounded mailbox's {@link io.otp4j.process.MailboxFullException}.
 *
 * <p>A sender that floods a full queue gets one of these per message, so its text is built only when someone
 * reads it.
 */
public final class OutboundQueueFullException extends OtpException {

    private static final long serialVersionUID = 1L;

    /** The peer node whose queue is full. */
    private final String node;
    /** The queue's capacity, in messages. */
    private final int capacity;
    /** The queue's overflow policy. */
    private final OverflowPolicy policy;
    /** What was refused, for the message. */
    private final String what;

    OutboundQueueFullException(String node, int capacity, OverflowPolicy policy, String what) {
        super(what);
        this.node = node;
        this.capacity = capacity;
        this.policy = policy;
        this.what = what;
    }

    @Override
    public String getMessage() {
        return "the outbound queue to node " + node + " is full (capacity " + capacity + ", policy " + policy + "): "
                + what;
    }

    /** {@return the node the message was for} */
    public String node() {
        return node;
    }

    /** {@return the queue's capacity, in messages} */
    public int capacity() {
        return capacity;
    }

    /** {@return the queue's overflow policy} */
    public OverflowPolicy policy() {
        return policy;
    }
}
