package io.otp4j.persistence.internal;

import io.otp4j.persistence.CorruptRecordException;
import io.otp4j.persistence.DurableWrite;
import io.otp4j.persistence.StaleWriteException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of durable writes, for a whole batch at once: each kind of statement goes to the database as one JDBC
 * batch for all the writes, so a batch of a thousand writes costs a handful of round trips, not thousands.
 */
public final class SqlWrites {

    private static final String MOVE =
            "UPDATE otp4j_durable SET version = ?" + " WHERE identity = ? AND incarnation = ? AND version = ?";
    /** Rows of one multi-row version move: at most 6 parameters each, far below either database's limit. */
    private static final int MOVE_ROWS = 256;

    private static final String MOVE_ROWS_HEAD = "UPDATE otp4j_durable SET version = v.column4";
    private static final String MOVE_ROWS_SNAPSHOT =
            ", snapshot = v.column5, snapshot_version = v.column4, schema_version = v.column6";
    private static final String MOVE_ROWS_TAIL = ") AS v WHERE otp4j_durable.identity = v.column1"
            + " AND otp4j_durable.incarnation = v.column2 AND otp4j_durable.version = v.column3"
            + " RETURNING identity";
    /** A full chunk's statements, made once: the same text each time lets a server keep its plan. */
    private static final String MOVE_FULL_CHUNK = moveRowsSql(MOVE_ROWS, false);

    private static final String MOVE_FULL_CHUNK_WITH_SNAPSHOTS = moveRowsSql(MOVE_ROWS, true);
    private static final String CURRENT = "SELECT incarnation, version FROM otp4j_durable WHERE identity = ?";
    private static final String APPEND =
            "INSERT INTO otp4j_events (identity, seq, schema_version, payload) VALUES (?, ?, ?, ?)";
    private static final String SNAPSHOT =
            "UPDATE otp4j_durable SET snapshot = ?, snapshot_version = ?," + " schema_version = ? WHERE identity = ?";
    private static final String DELETE_EVENTS = "DELETE FROM otp4j_events WHERE identity = ? AND seq <= ?";
    private static final String DELETE_CASTS = "DELETE FROM otp4j_casts WHERE identity = ? AND seq <= ?";

    private SqlWrites() {}

    /**
     * Stores {@code writes} in the open transaction, in order. A write whose writer is not the current incarnation
     * at its expected version changes nothing: its place in the returned list holds the refusal, a {@link
     * StaleWriteException}; the others hold {@code null}.
     *
     * @throws SQLException if the database fails, or cannot tell whether a write was refused
     */
    public static List<@Nullable RuntimeException> writeAll(Connection connection, List<DurableWrite> writes)
            throws SQLException {
        try (StatementCache statements = new StatementCache(connection)) {
            return writeAll(statements, writes);
        }
    }

    /**
     * Stores {@code writes} as {@link #writeAll(Connection, List)} does, with the statements kept in {@code
     * statements}.
     *
     * @param statements the connection's statements, its transaction open
     * @param writes the writes, in the order they arrived
     * @return for each write, its refusal or {@code null}
     * @throws SQLException if the database fails, or cannot tell whether a write was refused
     */
    public static List<@Nullable RuntimeException> writeAll(StatementCache statements, List<DurableWrite> writes)
            throws SQLException {
        List<@Nullable RuntimeException> refusals =
                new ArrayList<@Nullable RuntimeException>(Collections.nCopies(writes.size(), null));
        boolean atOnce = distinctIdentities(writes);
        boolean[] moved = atOnce ? moveAtOnce(statements, writes) : moveInTurn(statements, writes);
        List<DurableWrite> accepted = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            if (moved[i]) {
                accepted.add(writes.get(i));
            } else {
                refusals.set(i, refusal(statements, writes.get(i)));
            }
        }
        appendEvents(statements, accepted);
        if (!atOnce) {
            storeSnapshots(statements, accepted);
        }
        delete(statements, DELETE_CASTS, accepted, true);
        delete(statements, DELETE_EVENTS, accepted, false);
        return refusals;
    }

    /**
     * Moves the versions of writes to distinct identities, storing their snapshots in the same row update, with
     * one statement per {@link #MOVE_ROWS} writes of a kind (with a snapshot or without), and says which moved: the
     * database's round trips and statement runs stay few however many writes a batch holds.
     */
    private static boolean[] moveAtOnce(StatementCache statements, List<DurableWrite> writes) throws SQLException {
        boolean[] moved = new boolean[writes.size()];
        Map<String, Integer> index = new HashMap<>(writes.size() * 2);
        List<DurableWrite> plain = new ArrayList<>(writes.size());
        List<DurableWrite> withSnapshot = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            DurableWrite write = writes.get(i);
            index.put(write.identity(), i);
            (write.snapshot() == null ? plain : withSnapshot).add(write);
        }
        moveRows(statements, plain, false, index, moved);
        moveRows(statements, withSnapshot, true, index, moved);
        return moved;
    }

    private static void moveRows(
            StatementCache statements,
            List<DurableWrite> writes,
            boolean snapshots,
            Map<String, Integer> index,
            boolean[] moved)
            throws SQLException {
        for (int from = 0; from < writes.size(); from += MOVE_ROWS) {
            List<DurableWrite> chunk = writes.subList(from, Math.min(writes.size(), from + MOVE_ROWS));
            String sql = chunk.size() < MOVE_ROWS
                    ? moveRowsSql(chunk.size(), snapshots)
                    : snapshots ? MOVE_FULL_CHUNK_WITH_SNAPSHOTS : MOVE_FULL_CHUNK;
            PreparedStatement move = statements.get(sql);
            int p = 0;
            for (DurableWrite write : chunk) {
                move.setString(++p, write.identity());
                move.setLong(++p, write.incarnation());
                move.setLong(++p, write.expectedVersion());
                move.setLong(++p, write.newVersion());
                if (snapshots) {
                    move.setBytes(++p, write.snapshot());
                    move.setInt(++p, write.snapshotSchemaVersion());
                }
            }
            try (ResultSet rows = move.executeQuery()) {
                while (rows.next()) {
                    Integer at = index.get(rows.getString(1));
                    if (at == null || moved[at]) {
                        throw new SQLException("the database moved the version of '" + rows.getString(1)
                                + "', which the batch did not write once");
                    }
                    moved[at] = true;
                }
            }
        }
    }

    /** The statement that moves {@code rows} identities' versions at once, each only from its expected one. */
    private static String moveRowsSql(int rows, boolean snapshots) {
        String row = snapshots ? "(?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?)";
        StringBuilder sql = new StringBuilder(200 + rows * (row.length() + 2));
        sql.append(MOVE_ROWS_HEAD);
        if (snapshots) {
            sql.append(MOVE_ROWS_SNAPSHOT);
        }
        sql.append(" FROM (VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        return sql.append(MOVE_ROWS_TAIL).toString();
    }

    /** Moves versions one statement run per write (in one JDBC batch): for a batch with an identity twice. */
    private static boolean[] moveInTurn(StatementCache statements, List<DurableWrite> writes) throws SQLException {
        PreparedStatement move = statements.get(MOVE);
        for (DurableWrite write : writes) {
            move.setLong(1, write.newVersion());
            move.setString(2, write.identity());
            move.setLong(3, write.incarnation());
            move.setLong(4, write.expectedVersion());
            move.addBatch();
        }
        int[] counts = move.executeBatch();
        if (counts.length != writes.size()) {
            throw new SQLException(
                    "the database answered " + counts.length + " counts for " + writes.size() + " version updates");
        }
        boolean[] moved = new boolean[writes.size()];
        for (int i = 0; i < writes.size(); i++) {
            if (counts[i] != 0 && counts[i] != 1) {
                throw new SQLException("the database did not say whether the version of '"
                        + writes.get(i).identity() + "' moved (count " + counts[i] + ")");
            }
            moved[i] = counts[i] == 1;
        }
        return moved;
    }

    private static boolean distinctIdentities(List<DurableWrite> writes) {
        Set<String> seen = new HashSet<>(writes.size() * 2);
        for (DurableWrite write : writes) {
            if (!seen.add(write.identity())) {
                return false;
            }
        }
        return true;
    }

    private static void appendEvents(StatementCache statements, List<DurableWrite> writes) throws SQLException {
        PreparedStatement append = null;
        for (DurableWrite write : writes) {
            long seq = write.expectedVersion();
            for (byte[] event : write.events()) {
                if (append == null) {
                    append = statements.get(APPEND);
                }
                append.setString(1, write.identity());
                append.setLong(2, ++seq);
                append.setInt(3, write.eventSchemaVersion());
                append.setBytes(4, event);
                append.addBatch();
            }
        }
        if (append != null) {
            append.executeBatch();
        }
    }

    private static void storeSnapshots(StatementCache statements, List<DurableWrite> writes) throws SQLException {
        PreparedStatement store = null;
        for (DurableWrite write : writes) {
            byte[] snapshot = write.snapshot();
            if (snapshot != null) {
                if (store == null) {
                    store = statements.get(SNAPSHOT);
                }
                store.setBytes(1, snapshot);
                store.setLong(2, write.newVersion());
                store.setInt(3, write.snapshotSchemaVersion());
                store.setString(4, write.identity());
                store.addBatch();
            }
        }
        if (store != null) {
            store.executeBatch();
        }
    }

    private static void delete(StatementCache statements, String sql, List<DurableWrite> writes, boolean casts)
            throws SQLException {
        PreparedStatement delete = null;
        for (DurableWrite write : writes) {
            long through = casts ? write.castsHandledThrough() : write.deleteEventsThrough();
            if (through > 0) {
                if (delete == null) {
                    delete = statements.get(sql);
                }
                delete.setString(1, write.identity());
                delete.setLong(2, through);
                delete.addBatch();
            }
        }
        if (delete != null) {
            delete.executeBatch();
        }
    }

    private static RuntimeException refusal(StatementCache statements, DurableWrite write) throws SQLException {
        PreparedStatement current = statements.get(CURRENT);
        current.setString(1, write.identity());
        try (ResultSet row = current.executeQuery()) {
            if (!row.next()) {
                return new CorruptRecordException("the write to '" + write.identity() + "' by incarnation "
                        + write.incarnation() + " found no record: it was never claimed, or was deleted");
            }
            return new StaleWriteException(
                    write.identity(), write.incarnation(), write.expectedVersion(), row.getLong(1), row.getLong(2));
        }
    }
}
