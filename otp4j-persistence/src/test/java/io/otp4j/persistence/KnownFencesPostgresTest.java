package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.persistence.internal.SqlRecords;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL store inserts a write's events plainly when its committer knows the write will pass the guard, and
 * learns of every claim by another node from the count of claims, on a real server. Two stores on one database
 * stand for two nodes.
 */
class KnownFencesPostgresTest extends PostgresTests {

    private static DurableWrite event(String identity, long incarnation, long expected, String text) {
        return DurableWrite.events(identity, incarnation, expected, List.of(text.getBytes(StandardCharsets.UTF_8)), 1);
    }

    private static List<String> replay(DurableStore store, String identity) {
        List<String> seen = new ArrayList<>();
        store.replay(identity, 0, e -> seen.add(e.sequence() + ":" + new String(e.payload(), StandardCharsets.UTF_8)));
        return seen;
    }

    @Test
    void aKnownWriterSkipsTheGuardAndAClaimOnAnotherNodeEndsWhatWasKnown() {
        try (SqlStore first = postgres().store();
                SqlStore second = postgres().store()) {
            long older = first.claim("p").incarnation();
            long other = first.claim("r").incarnation();
            first.write(event("p", older, 0, "one"));
            first.write(event("r", other, 0, "one"));
            long plain = first.plainWrites();
            first.write(event("p", older, 1, "two"));
            assertThat(first.plainWrites())
                    .as("the second write went in plainly")
                    .isEqualTo(plain + 1);

            long newer = second.claim("p").incarnation();
            assertThatThrownBy(() -> first.write(event("p", older, 2, "stale")))
                    .isInstanceOf(StaleWriteException.class)
                    .hasMessageContaining("by incarnation " + older)
                    .hasMessageContaining("holds incarnation " + newer);
            assertThat(first.plainWrites()).as("the write was tried plainly").isEqualTo(plain + 2);
            assertThat(first.reruns())
                    .as("the count of claims had moved: nothing went in, and the write ran again guarded")
                    .isEqualTo(1);

            // The count is read again: after one guarded write, the next goes in plainly and holds.
            first.write(event("r", other, 1, "two"));
            first.write(event("r", other, 2, "three"));
            assertThat(first.plainWrites()).isEqualTo(plain + 3);
            assertThat(first.reruns())
                    .as("no write ran again after the count was read")
                    .isEqualTo(1);
            assertThat(replay(first, "r")).containsExactly("1:one", "2:two", "3:three");
            second.write(event("p", newer, 2, "three"));
            assertThat(replay(first, "p")).containsExactly("1:one", "2:two", "3:three");
        }
    }

    @Test
    void aWriteThatWouldGoInPlainlyWaitsForAClaimInFlightAndIsRefused() throws Exception {
        try (SqlStore store = postgres().store();
                Connection claimer = DriverManager.getConnection(postgres().url(), "postgres", "");
                Connection watcher = DriverManager.getConnection(postgres().url(), "postgres", "")) {
            long older = store.claim("q").incarnation();
            store.write(event("q", older, 0, "one"));
            store.write(event("q", older, 1, "two"));
            long plain = store.plainWrites();

            // Another node's claim, held open: it has moved the count of claims and holds its row.
            claimer.setAutoCommit(false);
            StoredRecord claimed = SqlRecords.claim(claimer, "q");
            CompletableFuture<Throwable> write = CompletableFuture.supplyAsync(() -> {
                try {
                    store.write(event("q", older, 2, "stale"));
                    return new AssertionError("the stale write was taken");
                } catch (RuntimeException e) {
                    return e;
                }
            });
            FenceRaceTest.awaitLockWait(watcher, write);
            claimer.commit();

            assertThat(write.get(20, TimeUnit.SECONDS))
                    .isInstanceOf(StaleWriteException.class)
                    .hasMessageContaining("holds incarnation " + claimed.incarnation());
            assertThat(store.plainWrites()).as("the write was tried plainly").isEqualTo(plain + 1);
            assertThat(store.reruns())
                    .as("it found the count moved and ran again guarded")
                    .isEqualTo(1);
            assertThat(replay(store, "q")).containsExactly("1:one", "2:two");
        }
    }
}
