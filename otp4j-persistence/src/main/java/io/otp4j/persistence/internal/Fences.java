package io.otp4j.persistence.internal;

import io.otp4j.persistence.DurableWrite;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a store's committer knows of the identities it has written itself: the incarnation and version each is at.
 * While no one else has claimed an identity since, a write of events by that incarnation at that version is sure
 * to pass the guard, so its events go in with a plain insert, as the store's raw ceiling does, instead of the
 * guarded multi-row insert (on SQLite three index probes a row where the raw insert has one; on PostgreSQL also a
 * share lock on each record row).
 *
 * <p>What it knows is forgotten whenever it might be wrong: before any other work runs on the connection (a claim
 * moves an incarnation), when a transaction rolls back, and when someone else may have claimed:
 * <ul>
 *   <li><b>SQLite</b>: when another connection has committed since this one's last commit. {@code PRAGMA
 *       data_version} changes when another connection commits. It is read just before each commit, while the
 *       transaction holds the database's write lock, so no commit can come between the read and the commit. If it
 *       changed and a plain insert was made on what was known, the transaction is rolled back and run again with
 *       nothing known ({@link Stale}).
 *   <li><b>PostgreSQL</b>: when the count of claims has moved. Every claim, on any node, moves the count's single
 *       row first, before it touches a record row. The plain inserts of a transaction carry a check of the count in
 *       their own statement, with a share lock held until the commit ({@link #claimsSeen}): a claim that committed
 *       since the count was read is seen, one in flight is waited for and then seen, and one that starts later waits
 *       for this commit and then sees its events. If the count moved, the insert inserts nothing and the
 *       transaction runs again with nothing known, as on SQLite. So a transaction that relies on what is known
 *       costs no round trip more than the raw insert. A transaction that holds claims of its own takes the count's
 *       row exclusively first instead ({@link #begin}), so that it never has to upgrade a share lock while others
 *       hold theirs.
 * </ul>
 *
 * <p>Used under the committer's lock only (its thread, or a lone writer holding it).
 */
public final class Fences {

    /** The most identities known at once; past it, all are forgotten and learnt again. */
    private static final int MAX_KNOWN = 100_000;

    private static final String DATA_VERSION = "PRAGMA data_version";

    /** Moves the count of claims (PostgreSQL): the first statement of every claim. */
    static final String COUNT_A_CLAIM = "UPDATE otp4j_claims SET claims = claims + 1 WHERE id = 1";

    private static final String READ_COUNT = "SELECT claims FROM otp4j_claims WHERE id = 1";
    private static final String SHARE_COUNT = READ_COUNT + " FOR SHARE";
    private static final String HOLD_COUNT = READ_COUNT + " FOR UPDATE";

    private final SqlDialect dialect;

    /** What an identity is at: the incarnation that holds it and its version. */
    private record Held(long incarnation, long version) {}

    private final Map<String, Held> known = new HashMap<>();

    /**
     * SQLite: {@code PRAGMA data_version} as read before this connection's last commit; PostgreSQL: the count of
     * claims as last read. -1 if not known.
     */
    private long seen = -1;

    /** PostgreSQL: whether the open transaction holds the count's row exclusively (it has claims of its own). */
    private boolean holdingCount;

    /** Whether the open transaction made a plain insert on what was known. */
    private boolean reliedOn;

    private final AtomicLong plain = new AtomicLong();
    private final AtomicLong rerun = new AtomicLong();
    private final AtomicLong alone = new AtomicLong();

    /**
     * What a committer on {@code dialect} knows.
     *
     * @param dialect the store's database
     */
    public Fences(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** {@return the store's database} */
    SqlDialect dialect() {
        return dialect;
    }

    /**
     * Starts a transaction (PostgreSQL; nothing on SQLite). A transaction that holds claims of its own reads the
     * count of claims before anything else, holding its row exclusively until the commit, and forgets what is known
     * if the count has moved. Any other transaction reads nothing when the count is known: its plain inserts check
     * it themselves ({@link #claimsSeen}). When the count is not known (at first, and after a transaction found it
     * moved), it is read first with a share lock, so that what this transaction's guarded writes teach holds from
     * that count on.
     *
     * @param claiming whether the transaction holds claims of its own
     * @throws SQLException if the database fails
     */
    void begin(StatementCache statements, boolean claiming) throws SQLException {
        if (dialect != SqlDialect.POSTGRESQL) {
            return;
        }
        if (claiming) {
            long count = count(statements, HOLD_COUNT);
            if (count != seen) {
                forget();
            }
            seen = count;
            holdingCount = true;
        } else if (seen < 0) {
            forget(); // learnt before the count was read: a claim may have come between
            seen = count(statements, SHARE_COUNT);
        }
    }

    /**
     * {@return the count of claims that a plain insert on PostgreSQL checks} The insert share-locks the count's row
     * and inserts nothing if the count has moved: a claim on another node committed since what is known was learnt.
     * A claim in flight holds the row, so the insert waits for it and then sees the count moved; a claim that starts
     * later waits for this transaction's commit. The check may come anywhere in the transaction: what matters is
     * that the count is the same from what was learnt until the commit.
     */
    long claimsSeen() {
        return seen;
    }

    /**
     * {@return the count of claims, read with its row taken exclusively until the transaction ends} Waits for any
     * transaction that holds the row, a claim's or a plain insert's.
     *
     * @throws SQLException if the database fails
     */
    static long holdCount(StatementCache statements) throws SQLException {
        return count(statements, HOLD_COUNT);
    }

    private static long count(StatementCache statements, String sql) throws SQLException {
        try (ResultSet row = statements.get(sql).executeQuery()) {
            if (!row.next()) {
                throw new SQLException("the count of claims (table otp4j_claims) has no row");
            }
            return row.getLong(1);
        }
    }

    /**
     * Another connection wrote since this one's last commit (SQLite), or the count of claims moved (PostgreSQL), and
     * the open transaction relied on what was known: it must be rolled back and run again with nothing known.
     */
    static final class Stale extends SQLException {
        private static final long serialVersionUID = 1L;

        Stale(String reason) {
            super(reason, null, null);
        }
    }

    /**
     * {@return whether {@code write} is sure to pass the guard} It must be a write of events alone (it moves no
     * record row), by the incarnation known to hold its identity, at the version known.
     */
    boolean passes(DurableWrite write) {
        Held held = known.get(write.identity());
        return held != null && held.incarnation() == write.incarnation() && held.version() == write.expectedVersion();
    }

    /**
     * {@return whether a plain insert of known writes may be the whole transaction} On PostgreSQL, once the count of
     * claims is known and no claim of this transaction holds it: the insert checks the count itself, so nothing
     * needs to run before it or after it.
     */
    boolean insertAlone() {
        return dialect == SqlDialect.POSTGRESQL && seen >= 0 && !holdingCount;
    }

    /**
     * Notes that a transaction of one statement committed: a plain insert ({@link #insertAlone}), or an update of
     * snapshots ({@link SqlWrites#snapshotsAlone}).
     */
    void committedAlone() {
        reliedOn = false;
        alone.incrementAndGet();
    }

    /** Notes that the open transaction inserted {@code count} writes' events plainly, on what is known. */
    void reliedOn(int count) {
        reliedOn = true;
        plain.addAndGet(count);
    }

    /** Notes that {@code write} was stored in the open transaction: its identity is at its new version. */
    void stored(DurableWrite write) {
        if (known.size() >= MAX_KNOWN && !known.containsKey(write.identity())) {
            known.clear();
        }
        known.put(write.identity(), new Held(write.incarnation(), write.newVersion()));
    }

    /** Forgets everything: other work runs, or the transaction rolled back. */
    void forget() {
        known.clear();
        reliedOn = false;
    }

    /** Forgets everything as the open transaction is rolled back. */
    void rolledBack() {
        forget();
        holdingCount = false;
    }

    /**
     * Forgets everything, the count of claims and SQLite's data version too, as the committer opens its connection
     * again: what the lost one last committed is not known.
     */
    void newConnection() {
        rolledBack();
        seen = -1;
    }

    /**
     * Checks, just before the commit, that no other connection committed since this one's last commit.
     *
     * @throws Stale if one did and the transaction relied on what was known: roll it back and run it again
     * @throws SQLException if the database fails
     */
    void beforeCommit(StatementCache statements) throws SQLException {
        if (dialect == SqlDialect.POSTGRESQL) {
            if (holdingCount) {
                seen = count(statements, READ_COUNT); // with this transaction's own claims, which it forgot before
                holdingCount = false;
            }
            reliedOn = false;
            return;
        }
        long now;
        PreparedStatement read = statements.get(DATA_VERSION);
        try (ResultSet row = read.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("PRAGMA data_version returned no row");
            }
            now = row.getLong(1);
        }
        boolean changed = now != seen;
        seen = now;
        if (changed) {
            if (reliedOn) {
                throw new Stale("another connection wrote to the database since this one's last commit");
            }
            forget();
        }
        reliedOn = false;
    }

    /**
     * Forgets everything after the open transaction failed with {@code failure} and was rolled back.
     *
     * @return whether the transaction relied on what was known, so that it must run again with nothing known
     *     rather than fail: its failure may come from that (another connection's row met by a plain insert, or
     *     {@link Stale})
     */
    boolean rerunAfter(SQLException failure) {
        boolean relied = reliedOn;
        rolledBack();
        if (relied) {
            rerun.incrementAndGet();
            if (dialect == SqlDialect.POSTGRESQL) {
                seen = -1; // the count may have moved: the run again reads it first
            }
        }
        return relied;
    }

    /** {@return how many writes had their events inserted plainly, on what was known} */
    public long plainWrites() {
        return plain.get();
    }

    /** {@return how many transactions were one statement, committed as it ended} */
    public long aloneCommits() {
        return alone.get();
    }

    /** {@return how many transactions ran again because another connection had written} */
    public long reruns() {
        return rerun.get();
    }
}
