package io.otp4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.otp4j.internal.Mailbox;
import io.otp4j.internal.UnboundedMailbox;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two producers append to the lock-free queue at once, and the owner takes while one of them is still
 * appending; the arbiter drains the rest. Each message must come out exactly once and the mailbox must then
 * be empty: {@code r1} and {@code r2} count how often messages 1 and 2 were taken, {@code r3} is the size
 * left.
 *
 * <p>The owner is the second producer's thread: it offers 2, then takes with a selective receive for 1
 * (which passes 2 over into the save queue when 1 has not arrived) and a plain receive. jcstress runs no
 * more actors than the machine has CPUs, and the build machines have two, so the owner cannot be a third
 * actor.
 */
@JCStressTest
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "Each message taken once; nothing left.")
@Outcome(expect = FORBIDDEN, desc = "A message was lost, duplicated, or left behind.")
@State
public class TwoProducers {

    private static final Integer ONE = 1;
    private static final Integer TWO = 2;

    private final Mailbox mailbox = new UnboundedMailbox();
    private final int[] taken = new int[3];

    @Actor
    public void producer() {
        mailbox.offer(ONE);
    }

    @Actor
    public void producerAndOwner() {
        mailbox.offer(TWO);
        count(mailbox.poll(m -> m.equals(ONE)));
        count(mailbox.poll());
    }

    @Arbiter
    public void arbiter(III_Result r) {
        Object m;
        while ((m = mailbox.poll()) != null) {
            count(m);
        }
        r.r1 = taken[1];
        r.r2 = taken[2];
        r.r3 = mailbox.size();
    }

    private void count(Object message) {
        if (message != null) {
            taken[(Integer) message]++;
        }
    }
}
