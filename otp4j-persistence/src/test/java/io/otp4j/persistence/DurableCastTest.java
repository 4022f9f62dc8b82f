package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Sys;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durable casts: accepted only once stored, handled once, and not lost when the server is down or crashes. */
class DurableCastTest {

    static final Schema<Ledger.Note> NOTES = Schema.of(
            1, Codec.text(note -> String.valueOf(note.entry()), text -> new Ledger.Note(Integer.parseInt(text))));

    @TempDir
    Path dir;

    @Test
    void aDurableCastIsHandledOnceAndRemovedFromTheQueue() {
        try (Node node = Node.start("casts");
                SqlStore store = SqlStore.sqlite(dir.resolve("casts.db"))) {
            var ledger = GenServer.start(node, Durable.server("noted", store, Ledger.SCHEMA, NOTES, new Ledger()));
            for (int i = 1; i <= 5; i++) {
                Durable.cast(store, "noted", NOTES, ledger, new Ledger.Note(i));
            }
            Eventually.until(() -> ledger.call(new Ledger.Entries()).size() == 5, "the five casts were handled");
            assertThat(ledger.call(new Ledger.Entries())).containsExactly(1, 2, 3, 4, 5);
            java.util.List<StoredEvent> left = new java.util.ArrayList<>();
            store.pendingCasts("noted", 0, left::add);
            assertThat(left).isEmpty();
            assertThat(((DurableStatus) Sys.getState(ledger)).version()).isEqualTo(6);
        }
    }

    @Test
    void castsQueuedWhileTheServerIsDownAreHandledByTheNextIncarnation() {
        try (Node node = Node.start("down");
                SqlStore store = SqlStore.sqlite(dir.resolve("down.db"))) {
            var ledger = GenServer.start(node, Durable.server("later", store, Ledger.SCHEMA, NOTES, new Ledger()));
            ledger.call(Ledger.append(1));
            // Suspended, the server takes no message: the casts wait in the store and the mailbox.
            Sys.suspend(ledger);
            Durable.cast(store, "later", NOTES, ledger, new Ledger.Note(2));
            Durable.cast(store, "later", NOTES, ledger, new Ledger.Note(3));
            node.exit(ledger.pid(), ExitReason.kill());
            assertThat(node.await(ledger.pid(), Duration.ofSeconds(10))).isPresent();

            var next = GenServer.start(node, Durable.server("later", store, Ledger.SCHEMA, NOTES, new Ledger()));
            Eventually.until(() -> next.call(new Ledger.Entries()).size() == 3, "the queued casts were handled");
            assertThat(next.call(new Ledger.Entries())).containsExactly(1, 2, 3);
            next.stop();
            var third = GenServer.start(node, Durable.server("later", store, Ledger.SCHEMA, NOTES, new Ledger()));
            assertThat(third.call(new Ledger.Entries())).containsExactly(1, 2, 3);
        }
    }
}
