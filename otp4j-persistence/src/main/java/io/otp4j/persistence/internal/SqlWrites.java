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
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of durable writes, for a whole batch at once: each kind of statement goes to the database as one
 * multi-row statement or one JDBC batch for all the writes, so a batch of a thousand writes costs a handful of
 * round trips, not thousands.
 *
 * <p><b>The event table is the fence.</b> An identity's version is the later of its record row's {@code version}
 * and its last event's sequence number. A write of events does not touch the record row: its first event row is
 * inserted only if the record row names the writer's incarnation at a version the writer's expected one accounts
 * for, and the primary key on (identity, sequence) refuses it if another write got to that sequence number first.
 * So an event-sourced server's usual write costs the insert of its events and a read, not also an update of a
 * second table. Writes with a snapshot, writes that delete events and writes that only delete handled casts move
 * the record row's version, fenced by the same rule. A claim carries the version over into the record row (see
 * {@link SqlRecords#claim}). On PostgreSQL the guard holds a share lock on the record row until the commit, so a
 * claim on another node comes wholly before or wholly after the write.
 */
public final class SqlWrites {

    /** The most rows of one multi-row statement: at most 7 parameters each, far below either database's limit. */
    private static final int CHUNK = 256;

    private static final int DIALECTS = SqlDialect.values().length;

    private static final String ALREADY_THERE =
            "EXISTS (SELECT 1 FROM otp4j_events AS e WHERE e.identity = v.column1 AND e.seq = v.column3)";
    private static final String GUARD_HEAD = "INSERT INTO otp4j_events (identity, seq, schema_version, payload)"
            + " SELECT v.column1, v.column4, v.column5, v.column6 FROM (VALUES ";
    /**
     * The guard: the writer's incarnation holds the record, and the identity is at the expected version (the record
     * row's, or its event at that sequence number, none being later: the primary key refuses the row otherwise).
     * SQLite needs the WHERE before ON CONFLICT to parse it.
     */
    private static final String GUARD_TAIL = ") AS v JOIN otp4j_durable AS d ON d.identity = v.column1"
            + " WHERE d.incarnation = v.column2 AND (d.version = v.column3 OR (d.version < v.column3 AND "
            + ALREADY_THERE + "))";

    private static final String GUARD_END = " ON CONFLICT DO NOTHING RETURNING identity";
    private static final String MOVE_HEAD = "UPDATE otp4j_durable SET version = v.column5";
    private static final String MOVE_SNAPSHOT =
            ", snapshot = v.column6, snapshot_version = v.column5, schema_version = v.column7";
    /**
     * The same rule as the guard's, and no event later than the write's own (column 4: its expected version plus
     * its events, which passed the guard already).
     */
    private static final String MOVE_CONDITIONS = "otp4j_durable.identity = v.column1"
            + " AND otp4j_durable.incarnation = v.column2 AND (otp4j_durable.version = v.column3"
            + " OR (otp4j_durable.version < v.column3 AND " + ALREADY_THERE + "))"
            + " AND NOT EXISTS (SELECT 1 FROM otp4j_events AS e WHERE e.identity = v.column1 AND e.seq > v.column4)";

    private static final String MOVE_RETURNING = " RETURNING identity";
    private static final String MOVE_TAIL = ") AS v WHERE " + MOVE_CONDITIONS + MOVE_RETURNING;

    /**
     * Moves the record rows of snapshot writes and stores their snapshots, whatever their number, in one statement
     * (PostgreSQL): the rows come as arrays, under the same names and the same guard as {@link Rows#MOVE_SNAPSHOTS}.
     * A prepared statement gets a plan made for any arrays, which guesses ten rows; told only to join them, the
     * planner may then scan the whole record table, as it did for a thousand rows. The identities are also given as
     * a condition of their own (the last parameter), which the primary key's index answers.
     */
    private static final String MOVE_SNAPSHOTS_AT_ONCE = MOVE_HEAD + MOVE_SNAPSHOT
            + " FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bytea[], ?::integer[])"
            + " AS v (column1, column2, column3, column4, column5, column6, column7)"
            + " WHERE otp4j_durable.identity = ANY (?::text[]) AND " + MOVE_CONDITIONS + MOVE_RETURNING;

    /** Reads the record rows of identities, each taken exclusively until the transaction ends. */
    private static final String HOLD_RECORDS =
            "SELECT identity, incarnation, version FROM otp4j_durable WHERE identity = ANY (?::text[]) FOR UPDATE";

    private static final String APPEND =
            "INSERT INTO otp4j_events (identity, seq, schema_version, payload) VALUES (?, ?, ?, ?)";
    private static final String CURRENT = "SELECT incarnation, version FROM otp4j_durable WHERE identity = ?";
    private static final String DELETE_EVENTS = "DELETE FROM otp4j_events WHERE identity = ? AND seq <= ?";
    private static final String DELETE_CASTS = "DELETE FROM otp4j_casts WHERE identity = ? AND seq <= ?";
    /** Counts the events stored at the given identities and sequence numbers. */
    private static final String COUNT_EVENTS = "SELECT count(*) FROM otp4j_events AS e"
            + " JOIN unnest(?::text[], ?::bigint[]) AS u (identity, seq) ON e.identity = u.identity AND e.seq = u.seq";

    /** The multi-row statements. */
    private enum Rows {
        /** Inserts the first events of writes, each only past its guard. */
        GUARD,
        /** Moves the record rows' versions, each only from the expected one. */
        MOVE,
        /** Moves the record rows' versions and stores their snapshots. */
        MOVE_SNAPSHOTS;

        /**
         * The statements for each dialect and number of rows, made once: a batch runs its writes in pieces of a
         * power of two, so a kind has at most nine texts and a connection keeps each prepared.
         */
        private final Map<Integer, String> texts = new ConcurrentHashMap<>();

        String sql(int rows, SqlDialect dialect) {
            return texts.computeIfAbsent(rows * DIALECTS + dialect.ordinal(), k -> build(rows, dialect));
        }

        private String build(int rows, SqlDialect dialect) {
            return switch (this) {
                case GUARD ->
                    GUARD_HEAD
                            + rows(rows, "(?, ?, ?, ?, ?, ?)")
                            + GUARD_TAIL
                            + dialect.lockReadRecord("d")
                            + GUARD_END;
                case MOVE -> MOVE_HEAD + " FROM (VALUES " + rows(rows, "(?, ?, ?, ?, ?)") + MOVE_TAIL;
                case MOVE_SNAPSHOTS ->
                    MOVE_HEAD + MOVE_SNAPSHOT + " FROM (VALUES " + rows(rows, "(?, ?, ?, ?, ?, ?, ?)") + MOVE_TAIL;
            };
        }

        /** Binds one write's parameters from {@code p} on and returns the last one it set. */
        int bind(PreparedStatement statement, int p, DurableWrite write) throws SQLException {
            statement.setString(++p, write.identity());
            statement.setLong(++p, write.incarnation());
            statement.setLong(++p, write.expectedVersion());
            switch (this) {
                case GUARD -> {
                    statement.setLong(++p, write.expectedVersion() + 1);
                    statement.setInt(++p, write.eventSchemaVersion());
                    statement.setBytes(++p, write.events().get(0));
                }
                case MOVE -> {
                    statement.setLong(
                            ++p, write.expectedVersion() + write.events().size());
                    statement.setLong(++p, write.newVersion());
                }
                case MOVE_SNAPSHOTS -> {
                    statement.setLong(
                            ++p, write.expectedVersion() + write.events().size());
                    statement.setLong(++p, write.newVersion());
                    statement.setBytes(++p, write.snapshot());
                    statement.setInt(++p, write.snapshotSchemaVersion());
                }
            }
            return p;
        }
    }

    private SqlWrites() {}

    /**
     * Stores {@code writes} in the open transaction, in order. A write whose writer is not the current incarnation
     * at its expected version changes nothing: its place in the returned list holds the refusal, a {@link
     * StaleWriteException}; the others hold {@code null}.
     *
     * @param connection the connection, its transaction open
     * @param writes the writes, in the order they arrived
     * @return for each write, its refusal or {@code null}
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
     * statements}. Writes to one identity are stored in their order: the first of each identity's writes together,
     * then the second, and so on.
     *
     * @param statements the connection's statements, its transaction open
     * @param writes the writes, in the order they arrived
     * @return for each write, its refusal or {@code null}
     * @throws SQLException if the database fails, or cannot tell whether a write was refused
     */
    public static List<@Nullable RuntimeException> writeAll(StatementCache statements, List<DurableWrite> writes)
            throws SQLException {
        return writeAll(statements, writes, null);
    }

    /**
     * Stores {@code writes} as {@link #writeAll(StatementCache, List)} does; a write of events alone that {@code
     * fences} knows will pass the guard has its events inserted plainly.
     *
     * @param statements the connection's statements, its transaction open
     * @param writes the writes, in the order they arrived
     * @param fences what the connection knows of the identities it wrote, or {@code null} to guard every write
     * @return for each write, its refusal or {@code null}
     * @throws SQLException if the database fails, or cannot tell whether a write was refused
     */
    public static List<@Nullable RuntimeException> writeAll(
            StatementCache statements, List<DurableWrite> writes, @Nullable Fences fences) throws SQLException {
        List<@Nullable RuntimeException> refusals =
                new ArrayList<@Nullable RuntimeException>(Collections.nCopies(writes.size(), null));
        Map<String, Integer> seen = new HashMap<>(writes.size() * 2);
        List<List<Integer>> rounds = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            int round = seen.merge(writes.get(i).identity(), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(i);
        }
        for (List<Integer> round : rounds) {
            List<DurableWrite> distinct = new ArrayList<>(round.size());
            for (int i : round) {
                distinct.add(writes.get(i));
            }
            List<@Nullable RuntimeException> refused = writeDistinct(statements, distinct, fences);
            for (int i = 0; i < round.size(); i++) {
                refusals.set(round.get(i), refused.get(i));
            }
        }
        return refusals;
    }

    /**
     * {@return whether {@code writes} can be stored by one statement alone, as {@link #insertKnown} does} They can
     * on PostgreSQL when each is a write of events alone that deletes nothing, to an identity of its own, by the
     * incarnation {@code fences} knows to hold it at the version it knows: a plain insert of all their events, which
     * checks the count of claims itself, is then the whole transaction.
     */
    public static boolean insertAlone(List<DurableWrite> writes, Fences fences) {
        if (writes.isEmpty() || !fences.insertAlone()) {
            return false;
        }
        Set<String> identities = new HashSet<>(writes.size() * 2);
        for (DurableWrite write : writes) {
            if (write.events().isEmpty()
                    || movesRecord(write)
                    || write.castsHandledThrough() > 0
                    || !fences.passes(write)
                    || !identities.add(write.identity())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stores {@code writes}, for which {@link #insertAlone} holds, with one statement: the insert of their events,
     * which inserts nothing if the count of claims has moved. Run with auto-commit on, the statement is its own
     * transaction, and its commit costs no round trip of its own.
     *
     * @throws Fences.Stale if the count has moved: nothing was inserted
     * @throws SQLException if the database fails
     */
    public static void insertKnown(StatementCache statements, List<DurableWrite> writes, Fences fences)
            throws SQLException {
        EventRows rows = new EventRows(writes.size());
        for (DurableWrite write : writes) {
            long seq = write.expectedVersion();
            for (byte[] event : write.events()) {
                rows.add(write.identity(), ++seq, write.eventSchemaVersion(), event);
            }
        }
        fences.reliedOn(writes.size());
        rows.insert(statements, fences);
        for (DurableWrite write : writes) {
            fences.stored(write);
        }
    }

    /**
     * {@return whether {@code writes} can be stored by one statement alone, as {@link #moveSnapshots} does} They can on
     * PostgreSQL when each stores a snapshot and does nothing else (no events, no deletion of events or of handled
     * casts), to an identity of its own: one guarded update of their record rows is then the whole transaction.
     */
    public static boolean snapshotsAlone(List<DurableWrite> writes, SqlDialect dialect) {
        if (writes.isEmpty() || dialect != SqlDialect.POSTGRESQL) {
            return false;
        }
        Set<String> identities = new HashSet<>(writes.size() * 2);
        for (DurableWrite write : writes) {
            if (!write.events().isEmpty()
                    || write.snapshot() == null
                    || write.deleteEventsThrough() > 0
                    || write.castsHandledThrough() > 0
                    || !identities.add(write.identity())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stores {@code writes}, for which {@link #snapshotsAlone} holds, with one statement: the guarded update of their
     * record rows. Run with auto-commit on, the statement is its own transaction, and its commit costs no round trip
     * of its own. A write the guard refused changed nothing; its refusal is read after the statement.
     *
     * @param fences what the connection knows, taught the identities moved; or {@code null}
     * @return for each write, its refusal or {@code null}
     * @throws SQLException if the database fails
     */
    public static List<@Nullable RuntimeException> moveSnapshots(
            StatementCache statements, List<DurableWrite> writes, @Nullable Fences fences) throws SQLException {
        int n = writes.size();
        boolean[] moved = new boolean[n];
        if (n == 1) {
            // The statement of one row, as a transaction of several statements runs it: its plan knows the row.
            runRows(
                    statements,
                    Rows.MOVE_SNAPSHOTS,
                    writes,
                    Map.of(writes.getFirst().identity(), 0),
                    moved);
        } else {
            moveAtOnce(statements, writes, moved);
        }
        List<@Nullable RuntimeException> refusals =
                new ArrayList<@Nullable RuntimeException>(Collections.nCopies(n, null));
        for (int i = 0; i < n; i++) {
            DurableWrite write = writes.get(i);
            if (!moved[i]) {
                refusals.set(i, refusal(statements, write));
            } else if (fences != null) {
                fences.stored(write);
            }
        }
        return refusals;
    }

    /** Runs {@link #MOVE_SNAPSHOTS_AT_ONCE} for {@code writes}, marking in {@code moved} those it moved. */
    private static void moveAtOnce(StatementCache statements, List<DurableWrite> writes, boolean[] moved)
            throws SQLException {
        int n = writes.size();
        String[] identities = new String[n];
        Long[] incarnations = new Long[n];
        Long[] expected = new Long[n];
        Long[] versions = new Long[n];
        byte[][] snapshots = new byte[n][];
        Integer[] schemas = new Integer[n];
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            DurableWrite write = writes.get(i);
            identities[i] = write.identity();
            incarnations[i] = write.incarnation();
            expected[i] = write.expectedVersion();
            versions[i] = write.newVersion();
            snapshots[i] = Objects.requireNonNull(write.snapshot(), "a snapshot write");
            schemas[i] = write.snapshotSchemaVersion();
            index.put(write.identity(), i);
        }
        Connection connection = statements.connection();
        PreparedStatement move = statements.get(MOVE_SNAPSHOTS_AT_ONCE);
        move.setArray(1, connection.createArrayOf("text", identities));
        move.setArray(2, connection.createArrayOf("bigint", incarnations));
        move.setArray(3, connection.createArrayOf("bigint", expected));
        move.setArray(4, connection.createArrayOf("bigint", expected)); // no events: the last one is the expected
        move.setArray(5, connection.createArrayOf("bigint", versions));
        move.setArray(6, connection.createArrayOf("bytea", snapshots));
        move.setArray(7, connection.createArrayOf("integer", schemas));
        move.setArray(8, connection.createArrayOf("text", identities));
        markReturned(move, index, moved);
    }

    /**
     * Finds out, on a new connection, whether {@link #moveSnapshots}'s statement committed on one that was lost before
     * it answered. The record rows are taken exclusively first, which waits for a transaction still holding them
     * (the lost statement's, if its session lives on). Only the writer's incarnation writes its identity, and it
     * waits for this answer, so a row that its incarnation holds at the write's new version was moved by the
     * statement, and one still at the expected version or before it was not. The statement moved all of them or
     * none. Leaves the transaction open; the caller ends it.
     *
     * @return whether all the writes are stored, none is, or that cannot be told (a claim came between, a write was
     *     refused, or only some are)
     * @throws SQLException if the database fails
     */
    public static Inserted movedAlready(StatementCache statements, List<DurableWrite> writes) throws SQLException {
        Map<String, DurableWrite> byIdentity = new HashMap<>(writes.size() * 2);
        for (DurableWrite write : writes) {
            byIdentity.put(write.identity(), write);
        }
        PreparedStatement hold = statements.get(HOLD_RECORDS);
        hold.setArray(
                1,
                statements
                        .connection()
                        .createArrayOf("text", byIdentity.keySet().toArray(new String[0])));
        int moved = 0;
        int still = 0;
        try (ResultSet rows = hold.executeQuery()) {
            while (rows.next()) {
                DurableWrite write = Objects.requireNonNull(byIdentity.get(rows.getString(1)));
                long version = rows.getLong(3);
                if (rows.getLong(2) != write.incarnation()) {
                    return Inserted.NOT_KNOWN;
                } else if (version == write.newVersion()) {
                    moved++;
                } else if (version <= write.expectedVersion()) {
                    still++;
                } else {
                    return Inserted.NOT_KNOWN;
                }
            }
        }
        return moved == writes.size() ? Inserted.ALL : still == writes.size() ? Inserted.NONE : Inserted.NOT_KNOWN;
    }

    /** What {@link #insertedAlready} or {@link #movedAlready} found of a lone statement whose answer was lost. */
    public enum Inserted {
        /** Every write is stored: the statement committed. */
        ALL,
        /** None is: the statement did not commit. */
        NONE,
        /** Whether it committed cannot be told. */
        NOT_KNOWN
    }

    /**
     * Finds out, on a new connection, whether {@link #insertKnown}'s statement committed on one that was lost before
     * it answered. The count of claims is taken exclusively first, which waits for a transaction still holding it
     * (the lost statement's, if its session lives on), and must be the one the statement checked: no claim came
     * between, so the events of those identities at those sequence numbers can only be the statement's own. The
     * statement inserts all of them or none. Leaves the transaction open; the caller ends it.
     *
     * @param claims the count of claims the statement checked
     * @return whether all the events are stored, none is, or that cannot be told (a claim came between, or only
     *     some are)
     * @throws SQLException if the database fails
     */
    public static Inserted insertedAlready(StatementCache statements, List<DurableWrite> writes, long claims)
            throws SQLException {
        if (Fences.holdCount(statements) != claims) {
            return Inserted.NOT_KNOWN;
        }
        List<String> identities = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        for (DurableWrite write : writes) {
            for (int i = 1; i <= write.events().size(); i++) {
                identities.add(write.identity());
                seqs.add(write.expectedVersion() + i);
            }
        }
        Connection connection = statements.connection();
        PreparedStatement count = statements.get(COUNT_EVENTS);
        count.setArray(1, connection.createArrayOf("text", identities.toArray(new String[0])));
        count.setArray(2, connection.createArrayOf("bigint", seqs.toArray(new Long[0])));
        long found;
        try (ResultSet row = count.executeQuery()) {
            found = row.next() ? row.getLong(1) : -1;
        }
        return found == identities.size() ? Inserted.ALL : found == 0 ? Inserted.NONE : Inserted.NOT_KNOWN;
    }

    /** Stores writes to distinct identities. */
    private static List<@Nullable RuntimeException> writeDistinct(
            StatementCache statements, List<DurableWrite> writes, @Nullable Fences fences) throws SQLException {
        Map<String, Integer> index = new HashMap<>(writes.size() * 2);
        List<DurableWrite> withEvents = new ArrayList<>(writes.size());
        boolean[] known = new boolean[writes.size()];
        int knownCount = 0;
        for (int i = 0; i < writes.size(); i++) {
            DurableWrite write = writes.get(i);
            index.put(write.identity(), i);
            if (write.events().isEmpty()) {
                continue;
            }
            if (fences != null && !movesRecord(write) && fences.passes(write)) {
                known[i] = true;
                knownCount++;
            } else {
                withEvents.add(write);
            }
        }
        boolean[] stored = new boolean[writes.size()];
        runRows(statements, Rows.GUARD, withEvents, index, stored);
        if (knownCount > 0) {
            Objects.requireNonNull(fences, "plain inserts rely on fences").reliedOn(knownCount);
        }
        appendEvents(statements, writes, stored, known, fences);

        List<DurableWrite> plain = new ArrayList<>();
        List<DurableWrite> withSnapshot = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            DurableWrite write = writes.get(i);
            if (movesRecord(write) && (write.events().isEmpty() || stored[i])) {
                (write.snapshot() == null ? plain : withSnapshot).add(write);
            }
        }
        boolean[] moved = new boolean[writes.size()];
        runRows(statements, Rows.MOVE, plain, index, moved);
        runRows(statements, Rows.MOVE_SNAPSHOTS, withSnapshot, index, moved);

        List<@Nullable RuntimeException> refusals =
                new ArrayList<@Nullable RuntimeException>(Collections.nCopies(writes.size(), null));
        List<DurableWrite> accepted = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            DurableWrite write = writes.get(i);
            if (write.events().isEmpty()) {
                stored[i] = moved[i];
            } else if (stored[i] && movesRecord(write) && !moved[i]) {
                throw new SQLException("the events of '" + write.identity() + "' passed the guard at version "
                        + write.expectedVersion() + " but its record did not move with them");
            }
            if (stored[i]) {
                accepted.add(write);
                if (fences != null) {
                    fences.stored(write);
                }
            } else {
                refusals.set(i, refusal(statements, write));
            }
        }
        delete(statements, DELETE_CASTS, accepted, true);
        delete(statements, DELETE_EVENTS, accepted, false);
        return refusals;
    }

    /**
     * Whether a write moves the record row's version: a write of events alone leaves it, its events being the
     * version; a snapshot, a deletion of events (which must never leave the record behind the events that remain)
     * and a write that only deletes casts move it.
     */
    private static boolean movesRecord(DurableWrite write) {
        return write.events().isEmpty() || write.snapshot() != null || write.deleteEventsThrough() > 0;
    }

    /**
     * Runs {@code writes} through a multi-row statement, in pieces of a power of two up to {@link #CHUNK}, and marks in {@code done} the
     * writes whose identity the statement returned.
     */
    private static void runRows(
            StatementCache statements, Rows kind, List<DurableWrite> writes, Map<String, Integer> index, boolean[] done)
            throws SQLException {
        for (int from = 0; from < writes.size(); ) {
            int size = Math.min(CHUNK, Integer.highestOneBit(writes.size() - from));
            List<DurableWrite> chunk = writes.subList(from, from + size);
            from += size;
            PreparedStatement statement = statements.get(kind.sql(chunk.size(), statements.dialect()));
            int p = 0;
            for (DurableWrite write : chunk) {
                p = kind.bind(statement, p, write);
            }
            markReturned(statement, index, done);
        }
    }

    /** Runs {@code statement} and marks in {@code done} the writes whose identity it returned. */
    private static void markReturned(PreparedStatement statement, Map<String, Integer> index, boolean[] done)
            throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Integer at = index.get(rows.getString(1));
                if (at == null || done[at]) {
                    throw new SQLException(
                            "the database wrote '" + rows.getString(1) + "', which the batch did not write once");
                }
                done[at] = true;
            }
        }
    }

    private static String rows(int rows, String row) {
        StringBuilder values = new StringBuilder(rows * (row.length() + 2));
        for (int i = 0; i < rows; i++) {
            values.append(i == 0 ? "" : ", ").append(row);
        }
        return values.toString();
    }

    /**
     * Appends the events after the first of the writes whose first event passed the guard, and all the events of the
     * writes marked {@code plain} (known to pass it), marking those stored. A plain insert that meets a row already
     * there fails the statement, and with it the transaction: what was known was wrong. On PostgreSQL the rows go in
     * as one statement ({@link EventRows}), which checks the count of claims when any of them is plain.
     */
    private static void appendEvents(
            StatementCache statements,
            List<DurableWrite> writes,
            boolean[] stored,
            boolean[] plain,
            @Nullable Fences fences)
            throws SQLException {
        EventRows rows = statements.dialect() == SqlDialect.POSTGRESQL ? new EventRows(writes.size()) : null;
        PreparedStatement append = null;
        boolean anyPlain = false;
        for (int i = 0; i < writes.size(); i++) {
            DurableWrite write = writes.get(i);
            int from = plain[i] ? 0 : 1;
            if (plain[i]) {
                stored[i] = true;
                anyPlain = true;
            } else if (!stored[i] || write.events().size() < 2) {
                continue;
            }
            long seq = write.expectedVersion() + from;
            for (byte[] event : write.events().subList(from, write.events().size())) {
                ++seq;
                if (rows != null) {
                    rows.add(write.identity(), seq, write.eventSchemaVersion(), event);
                    continue;
                }
                if (append == null) {
                    append = statements.get(APPEND);
                }
                append.setString(1, write.identity());
                append.setLong(2, seq);
                append.setInt(3, write.eventSchemaVersion());
                append.setBytes(4, event);
                append.addBatch();
            }
        }
        if (append != null) {
            append.executeBatch();
        }
        if (rows != null && !rows.isEmpty()) {
            rows.insert(statements, anyPlain ? Objects.requireNonNull(fences, "plain inserts rely on fences") : null);
        }
    }

    /**
     * Event rows for PostgreSQL, inserted by one statement from four arrays whatever their number: one round trip,
     * as the raw batched insert takes, and room in the same statement for the check of the count of claims.
     */
    private static final class EventRows {
        private static final String INSERT = "INSERT INTO otp4j_events (identity, seq, schema_version, payload)"
                + " SELECT u.identity, u.seq, u.schema_version, u.payload"
                + " FROM unnest(?::text[], ?::bigint[], ?::integer[], ?::bytea[]) AS u (identity, seq, schema_version,"
                + " payload)";
        /** Inserts the rows only while the count of claims is the one given, share-locking it until the commit. */
        private static final String INSERT_CHECKED =
                INSERT + " JOIN otp4j_claims AS c ON c.id = 1 AND c.claims = ? FOR SHARE OF c";

        private final List<String> identities;
        private final List<Long> seqs;
        private final List<Integer> versions;
        private final List<byte[]> payloads;

        EventRows(int expected) {
            identities = new ArrayList<>(expected);
            seqs = new ArrayList<>(expected);
            versions = new ArrayList<>(expected);
            payloads = new ArrayList<>(expected);
        }

        void add(String identity, long seq, int version, byte[] payload) {
            identities.add(identity);
            seqs.add(seq);
            versions.add(version);
            payloads.add(payload);
        }

        boolean isEmpty() {
            return identities.isEmpty();
        }

        /**
         * Inserts the rows; with {@code fences}, only while the count of claims is the one they saw.
         *
         * @throws Fences.Stale if the count has moved: nothing was inserted
         */
        void insert(StatementCache statements, @Nullable Fences fences) throws SQLException {
            Connection connection = statements.connection();
            PreparedStatement insert = statements.get(fences == null ? INSERT : INSERT_CHECKED);
            insert.setArray(1, connection.createArrayOf("text", identities.toArray(new String[0])));
            insert.setArray(2, connection.createArrayOf("bigint", seqs.toArray(new Long[0])));
            insert.setArray(3, connection.createArrayOf("integer", versions.toArray(new Integer[0])));
            insert.setArray(4, connection.createArrayOf("bytea", payloads.toArray(new byte[0][])));
            if (fences != null) {
                insert.setLong(5, fences.claimsSeen());
            }
            int inserted = insert.executeUpdate();
            if (inserted != identities.size()) {
                if (fences != null && inserted == 0) {
                    throw new Fences.Stale("another node claimed since this connection last read the count of claims");
                }
                throw new SQLException("inserting " + identities.size() + " events inserted " + inserted);
            }
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
        long incarnation;
        long recordVersion;
        try (ResultSet row = current.executeQuery()) {
            if (!row.next()) {
                return new CorruptRecordException("the write to '" + write.identity() + "' by incarnation "
                        + write.incarnation() + " found no record: it was never claimed, or was deleted");
            }
            incarnation = row.getLong(1);
            recordVersion = row.getLong(2);
        }
        return new StaleWriteException(
                write.identity(),
                write.incarnation(),
                write.expectedVersion(),
                incarnation,
                SqlRecords.version(statements, write.identity(), recordVersion));
    }
}
