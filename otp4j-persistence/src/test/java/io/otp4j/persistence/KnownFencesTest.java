package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite store inserts the events of a write plainly when it knows the write will pass the guard: the identity
 * was last written through this store, by the same incarnation, at the write's expected version, and no other
 * connection has written since. Each way that knowledge can go wrong is checked here: the write must still be
 * refused.
 */
class KnownFencesTest {

    @TempDir
    Path dir;

    private static byte[] event(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static DurableWrite events(String identity, long incarnation, long expected, String... texts) {
        List<byte[]> bytes = new ArrayList<>();
        for (String text : texts) {
            bytes.add(event(text));
        }
        return DurableWrite.events(identity, incarnation, expected, bytes, 1);
    }

    private static List<String> replay(DurableStore store, String identity) {
        List<String> seen = new ArrayList<>();
        store.replay(identity, 0, e -> seen.add(e.sequence() + ":" + new String(e.payload(), StandardCharsets.UTF_8)));
        return seen;
    }

    @Test
    void aKnownWriterAtItsVersionSkipsTheGuardAndOthersDoNot() {
        try (SqlStore store = SqlStore.sqlite(dir.resolve("known.db"))) {
            long incarnation = store.claim("a").incarnation();
            store.write(events("a", incarnation, 0, "one"));
            assertThat(store.plainWrites())
                    .as("the first write after a claim is guarded")
                    .isZero();
            store.write(events("a", incarnation, 1, "two", "three"));
            store.write(events("a", incarnation, 3, "four"));
            assertThat(store.plainWrites()).isEqualTo(2);
            assertThat(replay(store, "a")).containsExactly("1:one", "2:two", "3:three", "4:four");

            assertThatThrownBy(() -> store.write(events("a", incarnation, 2, "behind")))
                    .isInstanceOf(StaleWriteException.class)
                    .hasMessageContaining("at version 2")
                    .hasMessageContaining("holds incarnation " + incarnation + " at version 4");
            assertThatThrownBy(() -> store.write(events("a", incarnation, 9, "ahead")))
                    .isInstanceOf(StaleWriteException.class);
            assertThat(store.plainWrites()).isEqualTo(2);
            assertThat(replay(store, "a")).containsExactly("1:one", "2:two", "3:three", "4:four");
        }
    }

    /**
     * Claims {@code identity} through {@code store} and writes its events "one" and "two", the second plainly.
     *
     * @return the incarnation that wrote them, which the store now knows at version 2
     */
    private static long knownAtTwo(SqlStore store, String identity) {
        long incarnation = store.claim(identity).incarnation();
        store.write(events(identity, incarnation, 0, "one"));
        store.write(events(identity, incarnation, 1, "two"));
        assertThat(store.plainWrites()).as("the second write went in plainly").isEqualTo(1);
        return incarnation;
    }

    @Test
    void aClaimThroughTheSameStoreEndsWhatWasKnown() {
        try (SqlStore store = SqlStore.sqlite(dir.resolve("claimed.db"))) {
            long older = knownAtTwo(store, "b");

            long newer = store.claim("b").incarnation();
            assertThatThrownBy(() -> store.write(events("b", older, 2, "stale")))
                    .isInstanceOf(StaleWriteException.class)
                    .hasMessageContaining("by incarnation " + older)
                    .hasMessageContaining("holds incarnation " + newer);
            assertThat(store.plainWrites()).isEqualTo(1);
            assertThat(replay(store, "b")).containsExactly("1:one", "2:two");
        }
    }

    @Test
    void aClaimThroughAnotherConnectionIsSeenBeforeTheCommitAndTheWriteIsGuardedAgain() {
        Path file = dir.resolve("shared.db");
        try (SqlStore first = SqlStore.sqlite(file);
                SqlStore second = SqlStore.sqlite(file)) {
            long older = knownAtTwo(first, "c");

            // Another connection takes the identity over and writes nothing: the first store's plain insert of
            // event 3 would meet no row, and only the data version shows that the record moved.
            long newer = second.claim("c").incarnation();
            assertThatThrownBy(() -> first.write(events("c", older, 2, "stale")))
                    .isInstanceOf(StaleWriteException.class)
                    .hasMessageContaining("by incarnation " + older)
                    .hasMessageContaining("holds incarnation " + newer);
            assertThat(first.plainWrites()).as("the plain insert was tried").isEqualTo(2);
            assertThat(first.reruns())
                    .as("and rolled back, the batch run again guarded")
                    .isEqualTo(1);
            assertThat(replay(first, "c")).containsExactly("1:one", "2:two");
            assertThat(replay(second, "c")).containsExactly("1:one", "2:two");

            second.write(events("c", newer, 2, "three"));
            assertThat(replay(first, "c")).containsExactly("1:one", "2:two", "3:three");
        }
    }

    @Test
    void anotherConnectionsEventsMakeThePlainInsertFailAndTheWriteIsRefused() {
        Path file = dir.resolve("raced.db");
        try (SqlStore first = SqlStore.sqlite(file);
                SqlStore second = SqlStore.sqlite(file)) {
            long older = first.claim("d").incarnation();
            first.write(events("d", older, 0, "one"));
            long newer = second.claim("d").incarnation();
            second.write(events("d", newer, 1, "theirs"));
            assertThatThrownBy(() -> first.write(events("d", older, 1, "mine")))
                    .isInstanceOf(StaleWriteException.class)
                    .hasMessageContaining("holds incarnation " + newer + " at version 2");
            assertThat(first.reruns())
                    .as("the plain insert met their row; the batch ran again guarded")
                    .isEqualTo(1);
            assertThat(replay(first, "d")).containsExactly("1:one", "2:theirs");
        }
    }
}
