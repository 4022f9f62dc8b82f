package io.otp4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.otp4j.internal.BoundedMailbox;
import io.otp4j.internal.Mailbox;
import io.otp4j.internal.UnboundedMailbox;
import io.otp4j.time.Clock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * The wake-up protocol (see {@link Mailbox}): the owner announces it will park with {@code prepareWait()}
 * and then asks {@code hasNew()}, while a producer offers. Either the owner sees the message ({@code r1}),
 * or the producer sees the waiting flag and clears it to unpark the owner ({@code r2}, read by the arbiter
 * as the flag being down). Neither seeing the other is a lost wake-up: the owner would park with a message
 * in its mailbox.
 */
public final class WakeUp {

    private WakeUp() {}

    @JCStressTest
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "The owner saw the message; it will not park.")
    @Outcome(id = "false, true", expect = ACCEPTABLE, desc = "The producer saw the waiter and wakes it.")
    @Outcome(id = "true, true", expect = ACCEPTABLE, desc = "Both saw each other: a spurious wake-up.")
    @Outcome(id = "false, false", expect = FORBIDDEN, desc = "Lost wake-up: neither saw the other.")
    @State
    public static class Unbounded {
        private final Mailbox mailbox = new UnboundedMailbox();

        @Actor
        public void owner(ZZ_Result r) {
            mailbox.prepareWait();
            r.r1 = mailbox.hasNew();
        }

        @Actor
        public void producer() {
            mailbox.offer("message");
        }

        @Arbiter
        public void arbiter(ZZ_Result r) {
            r.r2 = !mailbox.isWaiting();
        }
    }

    @JCStressTest
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "The owner saw the message; it will not park.")
    @Outcome(id = "false, true", expect = ACCEPTABLE, desc = "The producer saw the waiter and wakes it.")
    @Outcome(id = "true, true", expect = ACCEPTABLE, desc = "Both saw each other: a spurious wake-up.")
    @Outcome(id = "false, false", expect = FORBIDDEN, desc = "Lost wake-up: neither saw the other.")
    @State
    public static class Bounded {
        private final Mailbox mailbox = new BoundedMailbox(4, BoundedMailbox.Overflow.REJECT, 0, Clock.system());

        @Actor
        public void owner(ZZ_Result r) {
            mailbox.prepareWait();
            r.r1 = mailbox.hasNew();
        }

        @Actor
        public void producer() {
            mailbox.offer("message");
        }

        @Arbiter
        public void arbiter(ZZ_Result r) {
            r.r2 = !mailbox.isWaiting();
        }
    }
}
