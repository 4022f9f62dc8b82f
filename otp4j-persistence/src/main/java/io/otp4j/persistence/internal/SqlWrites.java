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
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of durable writes, for a whole batch at once: each kind of statement goes to the database as one JDBC
 * batch for all the writes, so a batch of a thousand writes costs a handful of round trips, not thousands.
 */
public final class SqlWrites {

    private static final String MOVE =
            "UPDATE otp4j_durable SET version = ?" + " WHERE identity = ? AND incarnation = ? AND version = ?";
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
        List<@Nullable RuntimeException> refusals =
                new ArrayList<@Nullable RuntimeException>(Collections.nCopies(writes.size(), null));
        int[] moved;
        try (PreparedStatement move = connection.prepareStatement(MOVE)) {
            for (DurableWrite write : writes) {
                move.setLong(1, write.newVersion());
                move.setString(2, write.identity());
                move.setLong(3, write.incarnation());
                move.setLong(4, write.expectedVersion());
                move.addBatch();
            }
            moved = move.executeBatch();
        }
        if (moved.length != writes.size()) {
            throw new SQLException(
                    "the database answered " + moved.length + " counts for " + writes.size() + " version updates");
        }
        List<DurableWrite> accepted = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            if (moved[i] == 1) {
                accepted.add(writes.get(i));
            } else if (moved[i] == 0) {
                refusals.set(i, refusal(connection, writes.get(i)));
            } else {
                throw new SQLException("the database did not say whether the version of '"
                        + writes.get(i).identity() + "' moved (count " + moved[i] + ")");
            }
        }
        appendEvents(connection, accepted);
        storeSnapshots(connection, accepted);
        delete(connection, DELETE_CASTS, accepted, true);
        delete(connection, DELETE_EVENTS, accepted, false);
        return refusals;
    }

    private static void appendEvents(Connection connection, List<DurableWrite> writes) throws SQLException {
        boolean any = false;
        try (PreparedStatement append = connection.prepareStatement(APPEND)) {
            for (DurableWrite write : writes) {
                long seq = write.expectedVersion();
                for (byte[] event : write.events()) {
                    append.setString(1, write.identity());
                    append.setLong(2, ++seq);
                    append.setInt(3, write.eventSchemaVersion());
                    append.setBytes(4, event);
                    append.addBatch();
                    any = true;
                }
            }
            if (any) {
                append.executeBatch();
            }
        }
    }

    private static void storeSnapshots(Connection connection, List<DurableWrite> writes) throws SQLException {
        boolean any = false;
        try (PreparedStatement store = connection.prepareStatement(SNAPSHOT)) {
            for (DurableWrite write : writes) {
                byte[] snapshot = write.snapshot();
                if (snapshot != null) {
                    store.setBytes(1, snapshot);
                    store.setLong(2, write.newVersion());
                    store.setInt(3, write.snapshotSchemaVersion());
                    store.setString(4, write.identity());
                    store.addBatch();
                    any = true;
                }
            }
            if (any) {
                store.executeBatch();
            }
        }
    }

    private static void delete(Connection connection, String sql, List<DurableWrite> writes, boolean casts)
            throws SQLException {
        boolean any = false;
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            for (DurableWrite write : writes) {
                long through = casts ? write.castsHandledThrough() : write.deleteEventsThrough();
                if (through > 0) {
                    delete.setString(1, write.identity());
                    delete.setLong(2, through);
                    delete.addBatch();
                    any = true;
                }
            }
            if (any) {
                delete.executeBatch();
            }
        }
    }

    private static RuntimeException refusal(Connection connection, DurableWrite write) throws SQLException {
        try (PreparedStatement current = connection.prepareStatement(CURRENT)) {
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
}
