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
 * file (WAL, {@code synchronous=FULL}), rounds of 10,240 identities alternate between the raw ceiling (inserting a
 * row each, 512 a transaction) and what the committer does for event-sourced writes (the multi-row fenced version
 * move, 256 identities a statement, and the event rows, 512 writes a transaction). Prints each round and the median
 * of the rounds' ratios. Argument: the rounds (default 16).
 *
 * <pre>
 * java -cp otp4j-bench/target/benchmarks.jar io.otp4j.bench.FenceCostProbe 16
 * </pre>
 */
public final class FenceCostProbe {

    private static final int IDENTITIES = 10_240;
    private static final int PER_TRANSACTION = 512;
    private static final int PER_MOVE = 256;
    private static final byte[] PAYLOAD = "+1".getBytes(StandardCharsets.UTF_8);

    private FenceCostProbe() {}

    /** Runs the rounds and prints their rates. */
    public static void main(String[] args) throws IOException, SQLException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        Path dir = Files.createTempDirectory("fence-probe");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("fence.db"))) {
            run(connection, rounds);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static void run(Connection connection, int rounds) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("PRAGMA journal_mode=WAL");
            ddl.execute("PRAGMA synchronous=FULL");
            ddl.execute("CREATE TABLE durable (identity TEXT PRIMARY KEY, incarnation INTEGER NOT NULL,"
                    + " version INTEGER NOT NULL)");
            for (String table : new String[] {"events", "raw"}) {
                ddl.execute("CREATE TABLE " + table + " (identity TEXT NOT NULL, seq INTEGER NOT NULL, schema_version"
                        + " INTEGER NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (identity, seq))");
            }
        }
        connection.setAutoCommit(false);
        try (PreparedStatement claim = connection.prepareStatement("INSERT INTO durable VALUES (?, 1, 0)")) {
            for (int i = 0; i < IDENTITIES; i++) {
                claim.setString(1, "c" + i);
                claim.addBatch();
            }
            claim.executeBatch();
            connection.commit();
        }
        StringBuilder move = new StringBuilder("UPDATE durable SET version = v.column4 FROM (VALUES ");
        for (int i = 0; i < PER_MOVE; i++) {
            move.append(i == 0 ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)");
        }
        move.append(") AS v WHERE durable.identity = v.column1 AND durable.incarnation = v.column2"
                + " AND durable.version = v.column3 RETURNING identity");
        try (PreparedStatement moves = connection.prepareStatement(move.toString());
                PreparedStatement events = connection.prepareStatement("INSERT INTO events VALUES (?, ?, ?, ?)");
                PreparedStatement raw = connection.prepareStatement("INSERT INTO raw VALUES (?, ?, ?, ?)")) {
            long[] versions = new long[IDENTITIES];
            long rawSeq = 0;
            double[] ratios = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < IDENTITIES; i++) {
                    insert(raw, "c" + i, ++rawSeq);
                    if ((i + 1) % PER_TRANSACTION == 0) {
                        raw.executeBatch();
                        connection.commit();
                    }
                }
                long between = System.nanoTime();
                for (int from = 0; from < IDENTITIES; from += PER_TRANSACTION) {
                    for (int chunk = from; chunk < from + PER_TRANSACTION; chunk += PER_MOVE) {
                        moveVersions(moves, versions, chunk);
                    }
                    for (int i = from; i < from + PER_TRANSACTION; i++) {
                        insert(events, "c" + i, versions[i]);
                    }
                    events.executeBatch();
                    connection.commit();
                }
                long end = System.nanoTime();
                double rawRate = IDENTITIES * 1e9 / (between - start);
                double fencedRate = IDENTITIES * 1e9 / (end - between);
                ratios[round] = fencedRate / rawRate;
                System.out.printf(
                        Locale.ROOT,
                        "round %d: raw insert %,.0f rows/s, fenced write %,.0f writes/s, ratio %.2f%n",
                        round,
                        rawRate,
                        fencedRate,
                        ratios[round]);
            }
            Arrays.sort(ratios);
            System.out.printf(
                    Locale.ROOT,
                    "median ratio %.2f (%.2f to %.2f)%n",
                    ratios[rounds / 2],
                    ratios[0],
                    ratios[rounds - 1]);
        }
    }

    private static void moveVersions(PreparedStatement moves, long[] versions, int from) throws SQLException {
        int p = 0;
        for (int i = from; i < from + PER_MOVE; i++) {
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
        if (moved != PER_MOVE) {
            throw new IllegalStateException("moved " + moved + " versions of " + PER_MOVE);
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
