package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

/**
 * The write that removes handled durable casts and keeps the version, checked against any store: it passes the
 * same fencing as every write, so a stale incarnation, or one at another version, removes nothing.
 */
final class CastsHandledWrites {

    private CastsHandledWrites() {}

    static void areFencedLikeEveryWrite(DurableStore store) {
        StoredRecord old = store.claim("fenced");
        store.write(DurableWrite.events("fenced", old.incarnation(), 0, List.of(new byte[] {7}), 1));
        long one = store.enqueueCast("fenced", new byte[] {1}, 1);
        long two = store.enqueueCast("fenced", new byte[] {2}, 1);
        StoredRecord current = store.claim("fenced");

        assertThatThrownBy(() -> store.write(DurableWrite.castsHandled("fenced", old.incarnation(), 1, one)))
                .isInstanceOf(StaleWriteException.class)
                .hasMessage("the write to 'fenced' by incarnation " + old.incarnation() + " at version 1 was"
                        + " refused: the store holds incarnation " + current.incarnation() + " at version 1");
        assertThatThrownBy(() -> store.write(DurableWrite.castsHandled("fenced", current.incarnation(), 0, one)))
                .isInstanceOf(StaleWriteException.class);
        assertThat(pending(store)).containsExactly(one, two);

        store.write(DurableWrite.castsHandled("fenced", current.incarnation(), 1, one));
        assertThat(pending(store)).containsExactly(two);
        StoredRecord after = store.claim("fenced");
        assertThat(after.version()).as("the version stays").isEqualTo(1);
        List<Long> events = new ArrayList<>();
        store.replay("fenced", 0, event -> events.add(event.sequence()));
        assertThat(events).containsExactly(1L);
    }

    private static List<Long> pending(DurableStore store) {
        List<Long> seqs = new ArrayList<>();
        store.pendingCasts("fenced", 0, cast -> seqs.add(cast.sequence()));
        return seqs;
    }
}
