package io.otp4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.otp4j.internal.Mailbox;
import io.otp4j.internal.UnboundedMailbox;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Send happens-before receive: a message whose plain, non-final fields were written before the send is
 * seen fully initialised by the owner that polls it. The mailbox is the only synchronisation between the
 * two actors.
 *
 * <p>Only the lock-free {@link UnboundedMailbox} is tested: the bounded mailbox's offer and poll take the
 * same lock, which gives the happens-before by itself.
 */
public final class MessagePublication {

    private MessagePublication() {}

    /** A mutable message with plain fields: only the mailbox's publication makes them visible. */
    static final class Message {
        int a;
        int b;
        long c;
    }

    static void send(Mailbox mailbox) {
        Message m = new Message();
        m.a = 1;
        m.b = 2;
        m.c = 3;
        mailbox.offer(m);
    }

    static void receive(Mailbox mailbox, III_Result r) {
        Object o = mailbox.poll();
        if (o instanceof Message m) {
            r.r1 = m.a;
            r.r2 = m.b;
            r.r3 = (int) m.c;
        } else {
            r.r1 = -1;
            r.r2 = -1;
            r.r3 = -1;
        }
    }

    @JCStressTest
    @Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "The message had not arrived yet.")
    @Outcome(id = "1, 2, 3", expect = ACCEPTABLE_INTERESTING, desc = "The message arrived fully initialised.")
    @Outcome(expect = FORBIDDEN, desc = "The message arrived with fields not yet written: no happens-before.")
    @State
    public static class Unbounded {
        private final Mailbox mailbox = new UnboundedMailbox();

        @Actor
        public void sender() {
            send(mailbox);
        }

        @Actor
        public void owner(III_Result r) {
            receive(mailbox, r);
        }
    }
}
