package io.otp4j.process;

import io.otp4j.internal.Mailbox;

/** A user message offered to a local process's mailbox, and what its policy made of it. */
final class Delivering {

    private Delivering() {}

    static Delivery offer(ProcessImpl p, Object message) {
        Mailbox.Offer offer = p.mailbox.offer(message);
        return switch (offer) {
            case ACCEPTED -> Delivery.ACCEPTED;
            case ACCEPTED_DROPPED_OLDEST -> Delivery.ACCEPTED_DROPPED_OLDEST;
            case DROPPED -> Delivery.DROPPED;
            case CLOSED -> Delivery.NO_PROCESS;
            case REJECTED -> {
                // Back-pressure: a sender that keeps a mailbox full would otherwise starve its receiver of the
                // carrier it needs to drain it (with one carrier, until the sender blocks on something).
                p.mailbox.afterRejection();
                throw rejected(p);
            }
            case TIMED_OUT ->
                throw full(
                        p,
                        "it stayed full for " + ((MailboxConfig.Bounded) Inspection.mailboxConfig(p)).maxWait()
                                + "; the message was not delivered");
            case INTERRUPTED -> throw full(p, "the sender was interrupted while waiting for room");
        };
    }

    /** A rejection carries no stack trace: a flooding sender learns of each at once (see the exception). */
    private static MailboxFullException rejected(ProcessImpl p) {
        MailboxConfig.Bounded b = (MailboxConfig.Bounded) Inspection.mailboxConfig(p);
        return new MailboxFullException(p.pid, b.capacity(), b.policy(), "the message was rejected", false);
    }

    private static MailboxFullException full(ProcessImpl p, String what) {
        MailboxConfig.Bounded b = (MailboxConfig.Bounded) Inspection.mailboxConfig(p);
        return new MailboxFullException(p.pid, b.capacity(), b.policy(), what, true);
    }
}
