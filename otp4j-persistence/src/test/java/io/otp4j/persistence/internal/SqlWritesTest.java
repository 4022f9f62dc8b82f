package io.otp4j.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.persistence.DurableWrite;
import io.otp4j.persistence.SqlStore;
import io.otp4j.persistence.StaleWriteException;
import io.otp4j.persistence.StoredRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch of writes in one transaction: a stale write in the middle is refused alone; its neighbours commit. */
class SqlWritesTest {

    @TempDir
    Path dir;

    @Test
    void aStaleWriteInABatchIsRefusedAloneAndChangesNothing() throws Exception {
        Path file = dir.resolve("batch.db");
        StoredRecord a;
        StoredRecord b;
        try (SqlStore store = SqlStore.sqlite(file)) {
            a = store.claim("a");
            b = store.claim("b");
            store.claim("b"); // b's first incarnation is stale now
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            connection.setAutoCommit(false);
            List<DurableWrite> writes = List.of(
                    DurableWrite.events("a", a.incarnation(), 0, List.of(new byte[] {1}, new byte[] {2}), 1),
                    DurableWrite.events("b", b.incarnation(), 0, List.of(new byte[] {9}), 1),
                    DurableWrite.state("a", a.incarnation(), 2, new byte[] {3}, 1));
            var refusals = SqlWrites.writeAll(connection, writes);
            connection.commit();
            assertThat(refusals.get(0)).isNull();
            assertThat(refusals.get(1))
                    .isInstanceOf(StaleWriteException.class)
                    .hasMessage("the write to 'b' by incarnation 1 at version 0 was refused:"
                            + " the store holds incarnation 2 at version 0");
            assertThat(refusals.get(2)).isNull();
        }
        try (SqlStore store = SqlStore.sqlite(file)) {
            StoredRecord reloaded = store.claim("a");
            assertThat(reloaded.version()).isEqualTo(3);
            assertThat(reloaded.snapshot()).containsExactly(3);
            assertThat(reloaded.snapshotVersion()).isEqualTo(3);
            assertThat(store.claim("b").version()).isZero();
            List<Long> events = new java.util.ArrayList<>();
            store.replay("a", 0, event -> events.add(event.sequence()));
            assertThat(events).containsExactly(1L, 2L);
            store.replay("b", 0, event -> events.add(event.sequence()));
            assertThat(events).hasSize(2);
        }
    }

    @Test
    void aWriteThatOnlyRemovesCastsTakesItsPlaceInABatch() throws Exception {
        Path file = dir.resolve("casts.db");
        StoredRecord a;
        StoredRecord staleB;
        try (SqlStore store = SqlStore.sqlite(file)) {
            a = store.claim("a");
            staleB = store.claim("b");
            store.claim("b");
            store.enqueueCast("a", new byte[] {1}, 1);
            store.enqueueCast("a", new byte[] {2}, 1);
            store.enqueueCast("b", new byte[] {3}, 1);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            connection.setAutoCommit(false);
            List<DurableWrite> writes = List.of(
                    DurableWrite.castsHandled("a", a.incarnation(), 0, 1),
                    DurableWrite.castsHandled("b", staleB.incarnation(), 0, 1),
                    DurableWrite.events("a", a.incarnation(), 0, List.of(new byte[] {4}), 1)
                            .handlingCastsThrough(2));
            var refusals = SqlWrites.writeAll(connection, writes);
            connection.commit();
            assertThat(refusals.get(0)).isNull();
            assertThat(refusals.get(1)).isInstanceOf(StaleWriteException.class);
            assertThat(refusals.get(2)).isNull();
        }
        try (SqlStore store = SqlStore.sqlite(file)) {
            List<Long> left = new java.util.ArrayList<>();
            store.pendingCasts("a", 0, cast -> left.add(cast.sequence()));
            assertThat(left).isEmpty();
            store.pendingCasts("b", 0, cast -> left.add(cast.sequence()));
            assertThat(left).containsExactly(1L);
            assertThat(store.claim("a").version()).isEqualTo(1);
        }
    }

    @Test
    void aWriteIsTakenOnlyAtTheVersionTheEventsAndTheRecordMakeTogether() throws Exception {
        Path file = dir.resolve("exact.db");
        long incarnation;
        try (SqlStore store = SqlStore.sqlite(file)) {
            incarnation = store.claim("a").incarnation();
        }
        String holds = " the store holds incarnation 1 at version 2";
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            connection.setAutoCommit(false);
            assertThat(write(connection, DurableWrite.events("a", incarnation, 0, events(2), 1)))
                    .isNull();
            // Two events stored, the record row untouched: each write below expects a version other than 2.
            for (DurableWrite wrong : List.of(
                    DurableWrite.events("a", incarnation, 1, events(1), 1),
                    DurableWrite.events("a", incarnation, 3, events(1), 1),
                    DurableWrite.events("a", incarnation, 0, events(1), 1),
                    DurableWrite.state("a", incarnation, 1, new byte[] {1}, 1),
                    DurableWrite.state("a", incarnation, 3, new byte[] {1}, 1),
                    DurableWrite.castsHandled("a", incarnation, 1, 1),
                    DurableWrite.castsHandled("a", incarnation, 0, 1))) {
                assertThat(write(connection, wrong))
                        .as("%s", wrong)
                        .isInstanceOf(StaleWriteException.class)
                        .hasMessageEndingWith(holds);
            }
            assertThat(write(connection, DurableWrite.state("a", incarnation, 2, new byte[] {9}, 1)))
                    .isNull();
            assertThat(write(connection, DurableWrite.events("a", incarnation, 3, events(1), 1)))
                    .isNull();
            assertThat(write(connection, DurableWrite.castsHandled("a", incarnation, 3, 1)))
                    .as("a stale version after a snapshot and an event")
                    .isInstanceOf(StaleWriteException.class)
                    .hasMessageEndingWith(" the store holds incarnation 1 at version 4");
        }
        try (SqlStore store = SqlStore.sqlite(file)) {
            StoredRecord record = store.claim("a");
            assertThat(record.version()).as("carried over from the last event").isEqualTo(4);
            assertThat(record.snapshotVersion()).isEqualTo(3);
            assertThat(record.snapshot()).containsExactly(9);
            List<Long> events = new java.util.ArrayList<>();
            store.replay("a", 0, event -> events.add(event.sequence()));
            assertThat(events).containsExactly(1L, 2L, 4L);
            assertThat(store.claim("a").version()).isEqualTo(4);
        }
    }

    /** Writes {@code write} alone in a transaction of its own, and returns its refusal or {@code null}. */
    private static @Nullable RuntimeException write(Connection connection, DurableWrite write) throws Exception {
        RuntimeException refusal =
                SqlWrites.writeAll(connection, List.of(write)).get(0);
        connection.commit();
        return refusal;
    }

    private static List<byte[]> events(int count) {
        List<byte[]> events = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new byte[] {(byte) i});
        }
        return events;
    }
}
