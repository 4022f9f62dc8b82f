package io.otp4j.persistence.internal;

import io.otp4j.persistence.StoredEvent;
import io.otp4j.persistence.StoredRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;

/** The SQL that claims and replays an identity and queues its casts, the same on SQLite and PostgreSQL. */
public final class SqlRecords {

    private static final String CLAIM = "INSERT INTO otp4j_durable"
            + " (identity, incarnation, version, snapshot_version, schema_version, snapshot)"
            + " VALUES (?, 1, 0, 0, 0, NULL) ON CONFLICT (identity) DO UPDATE SET incarnation ="
            + " otp4j_durable.incarnation + 1"
            + " RETURNING incarnation, version, snapshot_version, schema_version, snapshot";
    private static final String LAST_EVENT = "SELECT MAX(seq) FROM otp4j_events WHERE identity = ?";
    private static final String CARRY_VERSION = "UPDATE otp4j_durable SET version = ? WHERE identity = ?";
    private static final String NEXT_CAST = "SELECT COALESCE(MAX(seq), 0) + 1 FROM otp4j_casts WHERE identity = ?";
    private static final String ADD_CAST =
            "INSERT INTO otp4j_casts (identity, seq, schema_version, payload) VALUES (?, ?, ?, ?)";
    private static final String PENDING =
            "SELECT seq, schema_version, payload FROM otp4j_casts" + " WHERE identity = ? AND seq > ? ORDER BY seq";
    private static final String REPLAY =
            "SELECT seq, schema_version, payload FROM otp4j_events" + " WHERE identity = ? AND seq > ? ORDER BY seq";

    private SqlRecords() {}

    /**
     * {@return the record of {@code identity} under a new incarnation} (see {@code DurableStore.claim}) Writes of
     * events alone leave the record row's version behind the last event (see {@link SqlWrites}): the claim carries
     * the version over, so the record row of a claimed identity holds its version until the new incarnation writes
     * events.
     *
     * @param statements the write connection's statements, in the committer's open transaction
     * @param identity the identity to claim
     * @throws SQLException if the database fails
     */
    public static StoredRecord claim(StatementCache statements, String identity) throws SQLException {
        if (statements.dialect() == SqlDialect.POSTGRESQL) {
            // First, before any record row: other nodes' committers learn of the claim from the count, and one
            // whose transaction relies on what it knows holds the count's row until its commit (see Fences).
            statements.get(Fences.COUNT_A_CLAIM).executeUpdate();
        }
        PreparedStatement claim = statements.get(CLAIM);
        claim.setString(1, identity);
        long incarnation;
        long recordVersion;
        long snapshotVersion;
        int schemaVersion;
        byte[] snapshot;
        try (ResultSet row = claim.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("claiming '" + identity + "' returned no row");
            }
            incarnation = row.getLong(1);
            recordVersion = row.getLong(2);
            snapshotVersion = row.getLong(3);
            schemaVersion = row.getInt(4);
            snapshot = row.getBytes(5);
        }
        long version = version(statements, identity, recordVersion);
        if (version != recordVersion) {
            PreparedStatement carry = statements.get(CARRY_VERSION);
            carry.setLong(1, version);
            carry.setString(2, identity);
            carry.executeUpdate();
        }
        return new StoredRecord(identity, incarnation, version, snapshotVersion, schemaVersion, snapshot);
    }

    /**
     * {@return the record of {@code identity} under a new incarnation}, as {@link #claim(StatementCache, String)}
     * does, with statements prepared for this claim alone
     *
     * @param connection the write connection, its transaction open
     * @param identity the identity to claim
     * @throws SQLException if the database fails
     */
    public static StoredRecord claim(Connection connection, String identity) throws SQLException {
        try (StatementCache statements = new StatementCache(connection)) {
            return claim(statements, identity);
        }
    }

    /**
     * {@return the version of {@code identity} in the open transaction}: the later of its record row's version and
     * its last event's sequence number
     *
     * @param statements the connection's statements, its transaction open
     * @param identity the identity
     * @param recordVersion the version its record row holds
     * @throws SQLException if the database fails
     */
    static long version(StatementCache statements, String identity, long recordVersion) throws SQLException {
        PreparedStatement last = statements.get(LAST_EVENT);
        last.setString(1, identity);
        try (ResultSet row = last.executeQuery()) {
            return row.next() ? Math.max(recordVersion, row.getLong(1)) : recordVersion;
        }
    }

    /**
     * Adds a durable cast to {@code identity}'s queue, after the ones there, and returns its sequence number. The
     * numbers never go back while a cast is queued; the committer runs one piece of work at a time, so two casts
     * of one store never get the same number.
     *
     * @param statements the write connection's statements, in the committer's open transaction
     * @param identity the identity the cast is for
     * @param payload the cast's bytes
     * @param schemaVersion the schema version the bytes were written at
     * @return the cast's sequence number
     * @throws SQLException if the database fails
     */
    public static long enqueueCast(StatementCache statements, String identity, byte[] payload, int schemaVersion)
            throws SQLException {
        long seq;
        PreparedStatement next = statements.get(NEXT_CAST);
        next.setString(1, identity);
        try (ResultSet row = next.executeQuery()) {
            row.next();
            seq = row.getLong(1);
        }
        PreparedStatement add = statements.get(ADD_CAST);
        add.setString(1, identity);
        add.setLong(2, seq);
        add.setInt(3, schemaVersion);
        add.setBytes(4, payload);
        add.executeUpdate();
        return seq;
    }

    /**
     * Hands {@code each} the durable casts queued for {@code identity} after {@code after}, in order.
     *
     * @param statements a read connection's statements
     * @param identity the identity
     * @param after the sequence number to start after, or 0 for all
     * @param each takes the casts
     * @throws SQLException if the database fails
     */
    public static void pendingCasts(StatementCache statements, String identity, long after, Consumer<StoredEvent> each)
            throws SQLException {
        select(statements, PENDING, identity, after, each);
    }

    /**
     * Hands {@code each} the events of {@code identity} after {@code after}, in order.
     *
     * @param statements a read connection's statements
     * @param identity the identity
     * @param after the sequence number to start after: the snapshot's version, or 0 for all
     * @param each takes the events
     * @throws SQLException if the database fails
     */
    public static void replay(StatementCache statements, String identity, long after, Consumer<StoredEvent> each)
            throws SQLException {
        select(statements, REPLAY, identity, after, each);
    }

    private static void select(
            StatementCache statements, String sql, String identity, long after, Consumer<StoredEvent> each)
            throws SQLException {
        PreparedStatement select = statements.get(sql);
        select.setString(1, identity);
        select.setLong(2, after);
        select.setFetchSize(1000);
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                each.accept(new StoredEvent(rows.getLong(1), rows.getInt(2), rows.getBytes(3)));
            }
        }
    }
}
