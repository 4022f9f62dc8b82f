package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.persistence.internal.SqlDialect;
import io.otp4j.persistence.internal.SqlWrites;
import io.otp4j.persistence.internal.StatementCache;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch of writes to many identities moves their versions with a few multi-row statements, on both databases:
 * more identities than one statement takes, stale writers among them refused alone, the others stored.
 */
class BatchedMoveTest extends PostgresTests {

    private static final int IDENTITIES = 600;
    private static final Set<Integer> STALE = Set.of(0, 255, 256, 598, 599);

    @TempDir
    Path dir;

    @Test
    void sqliteRefusesOnlyTheStaleWritersOfALargeBatch() throws Exception {
        Path file = dir.resolve("batch.db");
        check(() -> SqlStore.sqlite(file), () -> DriverManager.getConnection("jdbc:sqlite:" + file));
    }

    @Test
    void postgresqlRefusesOnlyTheStaleWritersOfALargeBatch() throws Exception {
        check(
                () -> postgres().store(),
                () -> DriverManager.getConnection(postgres().url(), "postgres", ""));
    }

    /**
     * On PostgreSQL a batch of snapshots alone is one statement, whatever its size, run with auto-commit on: the
     * stale writers are refused, the others stored. The rows then tell whether it committed.
     */
    @Test
    void postgresqlStoresABatchOfSnapshotsAloneInOneStatement() throws Exception {
        List<DurableWrite> writes = new ArrayList<>();
        try (SqlStore store = postgres().store()) {
            for (int i = 0; i < IDENTITIES; i++) {
                StoredRecord record = store.claim("s" + i);
                if (STALE.contains(i)) {
                    store.claim("s" + i);
                }
                writes.add(DurableWrite.state("s" + i, record.incarnation(), 0, new byte[] {(byte) i}, 4));
            }
        }
        assertThat(SqlWrites.snapshotsAlone(writes, SqlDialect.POSTGRESQL)).isTrue();
        assertThat(SqlWrites.snapshotsAlone(writes, SqlDialect.SQLITE))
                .as("one statement on PostgreSQL only")
                .isFalse();
        List<DurableWrite> fresh = writes.stream()
                .filter(write ->
                        !STALE.contains(Integer.parseInt(write.identity().substring(1))))
                .toList();
        try (Connection connection = DriverManager.getConnection(postgres().url(), "postgres", "");
                StatementCache statements = new StatementCache(connection)) {
            connection.setAutoCommit(false);
            assertThat(SqlWrites.movedAlready(statements, fresh))
                    .as("before the statement")
                    .isEqualTo(SqlWrites.Inserted.NONE);
            connection.rollback();

            connection.setAutoCommit(true);
            refusesOnlyTheStale(SqlWrites.moveSnapshots(statements, writes, null), "s");

            connection.setAutoCommit(false);
            assertThat(SqlWrites.movedAlready(statements, fresh))
                    .as("committed")
                    .isEqualTo(SqlWrites.Inserted.ALL);
            assertThat(SqlWrites.movedAlready(statements, writes))
                    .as("a stale writer's identity is held by another incarnation")
                    .isEqualTo(SqlWrites.Inserted.NOT_KNOWN);
            connection.rollback();
        }
        try (SqlStore store = postgres().store()) {
            for (int i = 0; i < IDENTITIES; i++) {
                StoredRecord record = store.claim("s" + i);
                if (STALE.contains(i)) {
                    assertThat(record.version()).as("s%d", i).isZero();
                    assertThat(record.snapshot()).isNull();
                } else {
                    assertThat(record.version()).as("s%d", i).isEqualTo(1);
                    assertThat(record.snapshotVersion()).isEqualTo(1);
                    assertThat(record.schemaVersion()).isEqualTo(4);
                    assertThat(record.snapshot()).containsExactly((byte) i);
                }
            }
        }
    }

    /** Checks that the writes to identities {@code prefix + i} were refused for the stale {@code i} only. */
    private static void refusesOnlyTheStale(List<@Nullable RuntimeException> refusals, String prefix) {
        for (int i = 0; i < IDENTITIES; i++) {
            if (STALE.contains(i)) {
                assertThat(refusals.get(i))
                        .as("write %d", i)
                        .isInstanceOf(StaleWriteException.class)
                        .hasMessageContaining("'" + prefix + i + "' by incarnation 1 at version 0");
            } else {
                assertThat(refusals.get(i)).as("write %d", i).isNull();
            }
        }
    }

    /** A JDBC connection, opened by the test. */
    @FunctionalInterface
    private interface Opening {
        Connection open() throws Exception;
    }

    private static void check(Supplier<SqlStore> stores, Opening connections) throws Exception {
        List<DurableWrite> writes = new ArrayList<>();
        try (SqlStore store = stores.get()) {
            for (int i = 0; i < IDENTITIES; i++) {
                StoredRecord record = store.claim("m" + i);
                if (STALE.contains(i)) {
                    store.claim("m" + i); // a newer incarnation takes over: this writer is stale now
                }
                writes.add(
                        i % 3 == 1
                                ? DurableWrite.state("m" + i, record.incarnation(), 0, new byte[] {(byte) i}, 4)
                                : DurableWrite.events(
                                        "m" + i,
                                        record.incarnation(),
                                        0,
                                        List.of(new byte[] {(byte) i}, new byte[] {2}),
                                        1));
            }
        }
        List<@Nullable RuntimeException> refusals;
        try (Connection connection = connections.open()) {
            connection.setAutoCommit(false);
            refusals = SqlWrites.writeAll(connection, writes);
            connection.commit();
        }
        refusesOnlyTheStale(refusals, "m");
        try (SqlStore store = stores.get()) {
            for (int i = 0; i < IDENTITIES; i++) {
                List<Long> events = new ArrayList<>();
                store.replay("m" + i, 0, event -> events.add(event.sequence()));
                StoredRecord record = store.claim("m" + i);
                if (STALE.contains(i)) {
                    assertThat(events).as("events of m%d", i).isEmpty();
                    assertThat(record.version()).isZero();
                    assertThat(record.snapshot()).isNull();
                } else if (i % 3 == 1) {
                    assertThat(events).as("events of m%d", i).isEmpty();
                    assertThat(record.version()).isEqualTo(1);
                    assertThat(record.snapshotVersion()).isEqualTo(1);
                    assertThat(record.schemaVersion()).isEqualTo(4);
                    assertThat(record.snapshot()).containsExactly((byte) i);
                } else {
                    assertThat(events).as("events of m%d", i).containsExactly(1L, 2L);
                    assertThat(record.version()).isEqualTo(2);
                    assertThat(record.snapshot()).isNull();
                }
            }
        }
    }
}
