package io.otp4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The measurement behind the choice of SQLite as the embedded store (ADR 33): 200-byte records keyed by identity
 * and sequence, written for 3 s per batch size, with one durable flush (an fsync) per batch on each side: SQLite
 * in WAL mode with {@code synchronous=FULL}, one transaction per batch; H2's MVStore with {@code commit()} then
 * {@code sync()} per batch.
 *
 * <pre>
 * . .mvn/select-jdk.sh; $JAVA_HOME/bin/java -cp otp4j-bench/target/benchmarks.jar io.otp4j.bench.EmbeddedStoreProbe
 * </pre>
 */
public final class EmbeddedStoreProbe {

    private static final long RUN_NANOS = 3_000_000_000L;
    private static final byte[] PAYLOAD = new byte[200];

    private EmbeddedStoreProbe() {}

    /** Prints rows per second for batches of 1, 100 and 1,000 rows, SQLite then MVStore. */
    public static void main(String[] args) throws IOException, SQLException {
        for (int batch : new int[] {1, 100, 1_000}) {
            Path dir = Files.createTempDirectory("embedded-probe");
            try {
                System.out.printf(
                        Locale.ROOT,
                        "batch %,5d: SQLite %,9.0f rows/s, MVStore %,9.0f rows/s%n",
                        batch,
                        sqlite(dir.resolve("probe.db"), batch),
                        mvstore(dir.resolve("probe.mv.db"), batch));
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
            }
        }
    }

    private static double sqlite(Path file, int batch) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement setup = connection.createStatement()) {
                setup.execute("PRAGMA journal_mode=WAL");
                setup.execute("PRAGMA synchronous=FULL");
                setup.execute(
                        "CREATE TABLE probe (identity TEXT, seq INTEGER, data BLOB, PRIMARY KEY (identity, seq))");
            }
            connection.setAutoCommit(false);
            long rows = 0;
            long start = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO probe VALUES (?, ?, ?)")) {
                while (System.nanoTime() - start < RUN_NANOS) {
                    for (int i = 0; i < batch; i++) {
                        insert.setString(1, "server-" + (i % 64));
                        insert.setLong(2, rows++);
                        insert.setBytes(3, PAYLOAD);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                }
            }
            return rows / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double mvstore(Path file, int batch) {
        MVStore store = new MVStore.Builder()
                .fileName(file.toString())
                .autoCommitDisabled()
                .open();
        try {
            MVMap<String, byte[]> map = store.openMap("probe");
            long rows = 0;
            long start = System.nanoTime();
            while (System.nanoTime() - start < RUN_NANOS) {
                for (int i = 0; i < batch; i++) {
                    map.put("server-" + (i % 64) + "/" + rows++, PAYLOAD);
                }
                store.commit();
                store.sync();
            }
            return rows / ((System.nanoTime() - start) / 1e9);
        } finally {
            store.close();
        }
    }
}
