package io.otp4j.persistence.internal;

import io.otp4j.persistence.DurableWrite;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a SQLite store's committer knows of the identities it has written itself: the incarnation and version each
 * is at. While no other connection has written to the database, a write of events by that incarnation at that
 * version is sure to pass the guard, so its events go in with a plain insert, as the store's raw ceiling does,
 * instead of the guarded multi-row insert (three index probes a row where the raw insert has one).
 *
 * <p>What it knows is forgotten whenever it might be wrong:
 * <ul>
 *   <li>before any other work runs on the connection (a claim moves an incarnation);
 *   <li>when a transaction rolls back;
 *   <li>when another connection has committed since this one's last commit. SQLite's {@code PRAGMA data_version}
 *       tells: it changes when another connection commits. It is read just before each commit, while the
 *       transaction holds the database's write lock, so no commit can come between the read and the commit. If it
 *       changed and a plain insert was made on what was known, the transaction is rolled back and run again with
 *       nothing known ({@link Stale}).
 * </ul>
 *
 * <p>Used under the committer's lock only (its thread, or a lone writer holding it). PostgreSQL stores have none:
 * other nodes write there, and the guard's share lock orders their claims with the writes.
 */
public final class Fences {

    /** The most identities known at once; past it, all are forgotten and learnt again. */
    private static final int MAX_KNOWN = 100_000;

    private static final String DATA_VERSION = "PRAGMA data_version";

    /** What an identity is at: the incarnation that holds it and its version. */
    private record Held(long incarnation, long version) {}

    private final Map<String, Held> known = new HashMap<>();

    /** {@code PRAGMA data_version} as read before this connection's last commit, or -1 if not known. */
    private long dataVersion = -1;

    /** Whether the open transaction made a plain insert on what was known. */
    private boolean reliedOn;

    private final AtomicLong plain = new AtomicLong();
    private final AtomicLong rerun = new AtomicLong();

    /**
     * Another connection wrote since this one's last commit, and the open transaction relied on what was known:
     * it must be rolled back and run again with nothing known.
     */
    static final class Stale extends SQLException {
        private static final long serialVersionUID = 1L;

        Stale() {
            super("another connection wrote to the database since this one's last commit", null, null);
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

    /**
     * Checks, just before the commit, that no other connection committed since this one's last commit.
     *
     * @throws Stale if one did and the transaction relied on what was known: roll it back and run it again
     * @throws SQLException if the database fails
     */
    void beforeCommit(StatementCache statements) throws SQLException {
        long now;
        PreparedStatement read = statements.get(DATA_VERSION);
        try (ResultSet row = read.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("PRAGMA data_version returned no row");
            }
            now = row.getLong(1);
        }
        boolean changed = now != dataVersion;
        dataVersion = now;
        if (changed) {
            if (reliedOn) {
                throw new Stale(); // rerunAfter forgets
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
        forget();
        if (relied) {
            rerun.incrementAndGet();
        }
        return relied;
    }

    /** {@return how many writes had their events inserted plainly, on what was known} */
    public long plainWrites() {
        return plain.get();
    }

    /** {@return how many transactions ran again because another connection had written} */
    public long reruns() {
        return rerun.get();
    }
}
