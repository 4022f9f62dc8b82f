package io.otp4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.testing.Within;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@link UnboundedMailbox}'s links: what a consumed node still holds, the owner's own count, and a count taken while
 * the owner consumes.
 */
class UnboundedMailboxTest {

    @Test
    void aConsumedNodeHoldsNeitherItsMessageNorTheMessagesAfterIt() {
        UnboundedMailbox mailbox = new UnboundedMailbox();
        mailbox.offer("a");
        mailbox.offer("b");
        mailbox.offer("c");

        UnboundedMailbox.Node stub = mailbox.head();
        assertThat(mailbox.poll()).isEqualTo("a");
        UnboundedMailbox.Node first = mailbox.head();
        assertThat(mailbox.poll()).isEqualTo("b");

        // A dead node in the old generation counts as live for a young collection: a link onwards would keep every
        // later message alive through it.
        assertThat(stub.next()).as("the stub, consumed, links to itself").isSameAs(stub);
        assertThat(first.next()).as("the node of a, consumed, links to itself").isSameAs(first);
        assertThat(first.value).isNull();
        assertThat(mailbox.size()).isEqualTo(1);
        assertThat(mailbox.poll()).isEqualTo("c");
        assertThat(mailbox.poll()).isNull();
    }

    @Test
    void theOwnersCountFollowsArrivalsTakesAndSelectiveTakes() {
        UnboundedMailbox mailbox = new UnboundedMailbox();
        assertThat(mailbox.ownerSize()).isZero();
        mailbox.offer(1);
        mailbox.offer(2);
        mailbox.offer(3);
        assertThat(mailbox.ownerSize()).isEqualTo(3);
        assertThat(mailbox.poll()).isEqualTo(1); // counted before: the count goes down with the take
        assertThat(mailbox.ownerSize()).isEqualTo(2);
        mailbox.offer(4);
        mailbox.offer(5);
        assertThat(mailbox.poll(m -> m.equals(4))).isEqualTo(4); // passes over 2 and 3, which stay waiting
        assertThat(mailbox.ownerSize()).as("2 and 3 saved, 5 not yet scanned").isEqualTo(3);
        assertThat(mailbox.poll()).isEqualTo(2);
        assertThat(mailbox.poll()).isEqualTo(3);
        assertThat(mailbox.poll()).isEqualTo(5); // taken past the last node counted
        assertThat(mailbox.ownerSize()).isZero();
        mailbox.offer(6);
        assertThat(mailbox.ownerSize()).isEqualTo(mailbox.size()).isEqualTo(1);
        assertThat(mailbox.close()).containsExactly(6);
        assertThat(mailbox.ownerSize()).isZero();
    }

    @Test
    void aCountThatFindsItsNodeConsumedCountsAgainFromTheOwnersPosition() {
        UnboundedMailbox mailbox = new UnboundedMailbox();
        mailbox.offer("a");
        mailbox.offer("b");
        mailbox.offer("c");
        UnboundedMailbox.Node start = mailbox.head(); // where a count from another thread starts
        assertThat(mailbox.poll()).isEqualTo("a"); // the owner consumes meanwhile: the node links to itself

        // Run apart: a count that went round the node's link to itself would never end.
        CompletableFuture<Integer> count = CompletableFuture.supplyAsync(() -> mailbox.countFrom(start));
        assertThat(Within.get(count)).isEqualTo(2);
    }
}
