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
 * batch of writes a transaction) and what the committer does for event-sourced writes (the multi-row fenced version
 * move, up to 256 identities a statement, and the event rows, a batch of writes a transaction). Prints each round
 * and the median of the rounds' ratios. Arguments: the rounds (default 16) and the writes a transaction takes (512,
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
            for (String table : new String[] {"events", "raw"}) {
                ddl.execute("CREATE TABLE " + table + " (identity TEXT NOT NULL, seq INTEGER NOT NULL, schema_version"
                        + " INTEGER NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (identity, seq))");
            }
        }
        connection.setAutoCommit(false);
        try (PreparedStatement claim = connection.prepareStatement("INSERT INTO durable VALUES (?, 1, 0)")) {
            for (int i = 0; i < identities; i++) {
                claim.setString(1, "c" + i);
                claim.addBatch();
            }
            claim.executeBatch();
            connection.commit();
        }
        StringBuilder move = new StringBuilder("UPDATE durable SET version = v.column4 FROM (VALUES ");
        for (int i = 0; i < perMove; i++) {
            move.append(i == 0 ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)");
        }
        move.append(") AS v WHERE durable.identity = v.column1 AND durable.incarnation = v.column2"
                + " AND durable.version = v.column3 RETURNING identity");
        try (PreparedStatement moves = connection.prepareStatement(move.toString());
                PreparedStatement events = connection.prepareStatement("INSERT INTO events VALUES (?, ?, ?, ?)");
                PreparedStatement raw = connection.prepareStatement("INSERT INTO raw VALUES (?, ?, ?, ?)")) {
            long[] versions = new long[identities];
            long rawSeq = 0;
            double[] ratios = new double[rounds];
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
                double rawRate = identities * 1e9 / (between - start);
                double fencedRate = identities * 1e9 / (end - between);
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
