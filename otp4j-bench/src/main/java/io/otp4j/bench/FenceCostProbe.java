package io.otp4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the store's side of a durable write costs against a bare insert, with no server in the way: on one SQLite
 * file (WAL, {@code synchronous=FULL}), rounds alternate between the raw ceiling (inserting a row per identity, a
 * batch of writes a transaction) and two ways of fencing event-sourced writes: the multi-row fenced version move of
 * the record rows (up to 256 identities a statement) followed by the event rows, and the guarded insert, which
 * inserts each write's event row only where the record row, read in the same statement, names the writer's
 * incarnation at the expected version, its own or its last event's (up to 256 a statement; the store's way since the event table
 * became the fence). Prints each round and the medians of the rounds' ratios. Arguments: the rounds (default 16) and the writes a transaction takes (512,
 * the committer's largest batch, by default; 1 for a lone writer; at most 256 or a multiple of it). A round writes
 * 10,240 identities, or 1,000 for batches of fewer than 50.
 *
 * <pre>
 * java -cp otp4j-bench/target/benchmarks.jar io.otp4j.bench.FenceCostProbe 16 512
 * </pre>
 */
public final class FenceCostProbe {

    private static final int MOST_PER_MOVE = 256;
    private static final byte[] PAYLOAD = "+1".getBytes(StandardCharsets.UTF_8);

    private final int perTransaction;
    private final int perMove;
    private final int identities;

    private FenceCostProbe(int perTransaction) {
        this.perTransaction = perTransaction;
        this.perMove = Math.min(MOST_PER_MOVE, perTransaction);
        int wanted = perTransaction < 50 ? 1_000 : 10_240;
        this.identities = Math.max(perTransaction, wanted / perTransaction * perTransaction);
    }

    /** Runs the rounds and prints their rates. */
    public static void main(String[] args) throws IOException, SQLException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int perTransaction = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        if (perTransaction < 1 || (perTransaction > MOST_PER_MOVE && perTransaction % MOST_PER_MOVE != 0)) {
            throw new IllegalArgumentException(
                    "writes a transaction: 1 to 256 or a multiple of 256, was " + perTransaction);
        }
        Path dir = Files.createTempDirectory("fence-probe");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("fence.db"))) {
            new FenceCostProbe(perTransaction).run(connection, rounds);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private void run(Connection connection, int rounds) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("PRAGMA journal_mode=WAL");
            ddl.execute("PRAGMA synchronous=FULL");
            ddl.execute("CREATE TABLE durable (identity TEXT PRIMARY KEY, incarnation INTEGER NOT NULL,"
                    + " version INTEGER NOT NULL)");
            ddl.execute("CREATE TABLE guarded_durable (identity TEXT PRIMARY KEY, incarnation INTEGER NOT NULL,"
                    + " version INTEGER NOT NULL)");
            for (String table : new String[] {"events", "guarded_events", "raw"}) {
                ddl.execute("CREATE TABLE " + table + " (identity TEXT NOT NULL, seq INTEGER NOT NULL, schema_version"
                        + " INTEGER NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (identity, seq))");
            }
        }
        connection.setAutoCommit(false);
        for (String table : new String[] {"durable", "guarded_durable"}) {
            try (PreparedStatement claim = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, 1, 0)")) {
                for (int i = 0; i < identities; i++) {
                    claim.setString(1, "c" + i);
                    claim.addBatch();
                }
                claim.executeBatch();
                connection.commit();
            }
        }
        StringBuilder move = new StringBuilder("UPDATE durable SET version = v.column4 FROM (VALUES ");
        for (int i = 0; i < perMove; i++) {
            move.append(i == 0 ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)");
        }
        move.append(") AS v WHERE durable.identity = v.column1 AND durable.incarnation = v.column2"
                + " AND durable.version = v.column3 RETURNING identity");
        StringBuilder guard = new StringBuilder("INSERT INTO guarded_events (identity, seq, schema_version, payload)"
                + " SELECT v.column1, v.column4, v.column5, v.column6 FROM (VALUES ");
        for (int i = 0; i < perMove; i++) {
            guard.append(i == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)");
        }
        guard.append(
                ") AS v JOIN guarded_durable AS d ON d.identity = v.column1 WHERE d.incarnation = v.column2"
                        + " AND (d.version = v.column3 OR (d.version < v.column3 AND EXISTS (SELECT 1 FROM guarded_events"
                        + " AS e WHERE e.identity = v.column1 AND e.seq = v.column3))) ON CONFLICT DO NOTHING RETURNING identity");
        try (PreparedStatement moves = connection.prepareStatement(move.toString());
                PreparedStatement guarded = connection.prepareStatement(guard.toString());
                PreparedStatement events = connection.prepareStatement("INSERT INTO events VALUES (?, ?, ?, ?)");
                PreparedStatement raw = connection.prepareStatement("INSERT INTO raw VALUES (?, ?, ?, ?)")) {
            long[] versions = new long[identities];
            long rawSeq = 0;
            double[] ratios = new double[rounds];
            double[] guardedRatios = new double[rounds];
            long[] guardedVersions = new long[identities];
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < identities; i++) {
                    insert(raw, "c" + i, ++rawSeq);
                    if ((i + 1) % perTransaction == 0) {
                        raw.executeBatch();
                        connection.commit();
                    }
                }
                long between = System.nanoTime();
                for (int from = 0; from < identities; from += perTransaction) {
                    for (int chunk = from; chunk < from + perTransaction; chunk += perMove) {
                        moveVersions(moves, versions, chunk);
                    }
                    for (int i = from; i < from + perTransaction; i++) {
                        insert(events, "c" + i, versions[i]);
                    }
                    events.executeBatch();
                    connection.commit();
                }
                long end = System.nanoTime();
                for (int from = 0; from < identities; from += perTransaction) {
                    for (int chunk = from; chunk < from + perTransaction; chunk += perMove) {
                        guardEvents(guarded, guardedVersions, chunk);
                    }
                    connection.commit();
                }
                long guardedEnd = System.nanoTime();
                double rawRate = identities * 1e9 / (between - start);
                double fencedRate = identities * 1e9 / (end - between);
                double guardedRate = identities * 1e9 / (guardedEnd - end);
                ratios[round] = fencedRate / rawRate;
                guardedRatios[round] = guardedRate / rawRate;
                System.out.printf(
                        Locale.ROOT,
                        "round %d: raw insert %,.0f rows/s, fenced write %,.0f writes/s, ratio %.2f,"
                                + " guarded insert %,.0f writes/s, ratio %.2f%n",
                        round,
                        rawRate,
                        fencedRate,
                        ratios[round],
                        guardedRate,
                        guardedRatios[round]);
            }
            Arrays.sort(ratios);
            Arrays.sort(guardedRatios);
            System.out.printf(
                    Locale.ROOT,
                    "fenced: median ratio %.2f (%.2f to %.2f); guarded: median ratio %.2f (%.2f to %.2f)%n",
                    ratios[rounds / 2],
                    ratios[0],
                    ratios[rounds - 1],
                    guardedRatios[rounds / 2],
                    guardedRatios[0],
                    guardedRatios[rounds - 1]);
        }
    }

    private void moveVersions(PreparedStatement moves, long[] versions, int from) throws SQLException {
        int p = 0;
        for (int i = from; i < from + perMove; i++) {
            moves.setString(++p, "c" + i);
            moves.setLong(++p, 1);
            moves.setLong(++p, versions[i]);
            moves.setLong(++p, versions[i] + 1);
        }
        int moved = 0;
        try (ResultSet rows = moves.executeQuery()) {
            while (rows.next()) {
                versions[index(rows.getString(1))]++;
                moved++;
            }
        }
        if (moved != perMove) {
            throw new IllegalStateException("moved " + moved + " versions of " + perMove);
        }
    }

    private void guardEvents(PreparedStatement guarded, long[] versions, int from) throws SQLException {
        int p = 0;
        for (int i = from; i < from + perMove; i++) {
            guarded.setString(++p, "c" + i);
            guarded.setLong(++p, 1);
            guarded.setLong(++p, versions[i]);
            guarded.setLong(++p, versions[i] + 1);
            guarded.setInt(++p, 1);
            guarded.setBytes(++p, PAYLOAD);
        }
        int inserted = 0;
        try (ResultSet rows = guarded.executeQuery()) {
            while (rows.next()) {
                versions[index(rows.getString(1))]++;
                inserted++;
            }
        }
        if (inserted != perMove) {
            throw new IllegalStateException("the guard let " + inserted + " writes of " + perMove + " through");
        }
    }

    private static int index(String identity) {
        return Integer.parseInt(identity.substring(1));
    }

    private static void insert(PreparedStatement insert, String identity, long seq) throws SQLException {
        insert.setString(1, identity);
        insert.setLong(2, seq);
        insert.setInt(3, 1);
        insert.setBytes(4, PAYLOAD);
        insert.addBatch();
    }
}
