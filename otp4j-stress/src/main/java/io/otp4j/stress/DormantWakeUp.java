package io.otp4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.otp4j.internal.Mailbox;
import io.otp4j.internal.UnboundedMailbox;
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
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The owner saw the message and kept its thread.")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The producer found the owner dormant and woke it.")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Lost wake-up: a message and no thread.")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Double wake-up: two threads for one process.")
@State
public class DormantWakeUp {
    private final Mailbox mailbox = new UnboundedMailbox();
    private final AtomicInteger wakes = new AtomicInteger();
    private final Mailbox.Waker waker = wakes::incrementAndGet;

    @Actor
    public void owner(II_Result r) {
        mailbox.prepareDormant(waker);
        r.r1 = mailbox.hasNew() && mailbox.claimDormant() ? 1 : 0;
    }

    @Actor
    public void producer() {
        mailbox.offer("message");
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r2 = wakes.get();
    }
}
