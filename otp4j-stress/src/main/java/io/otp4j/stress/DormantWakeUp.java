package io.otp4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.otp4j.internal.BoundedMailbox;
import io.otp4j.internal.Mailbox;
import io.otp4j.internal.UnboundedMailbox;
import io.otp4j.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The dormant hand-off (see {@link Mailbox}): a hibernating owner announces with {@code prepareDormant} that
 * its thread ends, then looks with {@code hasNew()} and, if a message is there, tries to take the wake-up back
 * with {@code claimDormant()}; a producer offers, and a sender that finds the owner dormant calls the waker.
 * Exactly one of them must end the dormancy: none would leave a message with no thread to handle it, two would
 * give the process two threads. {@code r1} counts the owner's reclaims, {@code r2} the waker's calls.
 */
public final class DormantWakeUp {

    private DormantWakeUp() {}

    /** The owner's and the producer's sides, on either kind of mailbox. */
    abstract static class Handoff {
        private final Mailbox mailbox;
        private final AtomicInteger wakes = new AtomicInteger();
        private final Mailbox.Waker waker = wakes::incrementAndGet;

        Handoff(Mailbox mailbox) {
            this.mailbox = mailbox;
        }

        void owner(II_Result r) {
            mailbox.prepareDormant(waker);
            r.r1 = mailbox.hasNew() && mailbox.claimDormant() ? 1 : 0;
        }

        void producer() {
            mailbox.offer("message");
        }

        void arbiter(II_Result r) {
            r.r2 = wakes.get();
        }
    }

    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The owner saw the message and kept its thread.")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The producer found the owner dormant and woke it.")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Lost wake-up: a message and no thread.")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Double wake-up: two threads for one process.")
    @State
    public static class Unbounded extends Handoff {
        public Unbounded() {
            super(new UnboundedMailbox());
        }

        @Actor
        public void ownerGoesDormant(II_Result r) {
            owner(r);
        }

        @Actor
        public void producerOffers() {
            producer();
        }

        @Arbiter
        public void count(II_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The owner saw the message and kept its thread.")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The producer found the owner dormant and woke it.")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Lost wake-up: a message and no thread.")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Double wake-up: two threads for one process.")
    @State
    public static class Bounded extends Handoff {
        public Bounded() {
            super(new BoundedMailbox(4, BoundedMailbox.Overflow.REJECT, 0, Clock.system()));
        }

        @Actor
        public void ownerGoesDormant(II_Result r) {
            owner(r);
        }

        @Actor
        public void producerOffers() {
            producer();
        }

        @Arbiter
        public void count(II_Result r) {
            arbiter(r);
        }
    }
}
