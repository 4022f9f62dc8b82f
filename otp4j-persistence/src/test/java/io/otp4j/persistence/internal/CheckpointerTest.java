package io.otp4j.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's write-ahead log is copied into the database file by the checkpointer's thread, not by the committing
 * connection, and a checkpoint that fails leaves everything as it was.
 */
class CheckpointerTest {

    @TempDir
    Path dir;

    @Test
    void theLogIsCopiedIntoTheFileOnTheCheckpointersThreadAndNotByTheWriter() throws Exception {
        Path file = dir.resolve("log.db");
        AtomicLong commits = new AtomicLong();
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement setup = writer.createStatement()) {
                setup.execute("PRAGMA journal_mode=WAL");
                setup.execute("PRAGMA synchronous=FULL");
                setup.execute("PRAGMA wal_autocheckpoint=" + Checkpointer.BACKSTOP_PAGES);
                setup.execute("CREATE TABLE rows (n INTEGER NOT NULL)");
            }
            writer.setAutoCommit(false);
            for (int t = 0; t < 20; t++) {
                try (Statement insert = writer.createStatement()) {
                    for (int i = 0; i < 10; i++) {
                        insert.execute("INSERT INTO rows VALUES (" + (t * 10 + i) + ")");
                    }
                }
                writer.commit();
                commits.incrementAndGet();
            }
            // Under the backstop, the writer copied nothing: the database file alone holds no table yet.
            assertThat(rowsInTheFileAlone(file, "before")).isEqualTo(-1);

            try (Checkpointer checkpointer =
                    new Checkpointer("test", DriverManager.getConnection("jdbc:sqlite:" + file), commits::get)) {
                Eventually.until(() -> checkpointer.checkpoints() >= 1, "a checkpoint ran");
                assertThat(rowsInTheFileAlone(file, "after")).isEqualTo(200);

                long done = checkpointer.checkpoints();
                try (Statement insert = writer.createStatement()) {
                    insert.execute("INSERT INTO rows VALUES (200)");
                }
                writer.commit();
                commits.incrementAndGet();
                Eventually.until(() -> checkpointer.checkpoints() > done, "a checkpoint ran after the new commit");
                assertThat(rowsInTheFileAlone(file, "later")).isEqualTo(201);
                assertThat(checkpointer.failures()).isZero();
            }
        }
    }

    @Test
    void aFailedCheckpointIsCountedAndTheThreadGoesOn() throws Exception {
        AtomicLong commits = new AtomicLong();
        Connection gone = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("gone.db"));
        gone.close();
        try (Checkpointer checkpointer = new Checkpointer("test", gone, commits::get)) {
            Eventually.until(() -> checkpointer.failures() >= 1, "the first checkpoint failed");
            assertThat((Throwable) checkpointer.lastFailure()).isNotNull();
            long failed = checkpointer.failures();
            commits.incrementAndGet();
            Eventually.until(() -> checkpointer.failures() > failed, "the thread tried again after a commit");
            assertThat(checkpointer.checkpoints()).isZero();
        }
    }

    /** {@return the rows of the table in a copy of the database file without its log, or -1 if it has no table} */
    private long rowsInTheFileAlone(Path file, String copyName) throws Exception {
        Path copy = dir.resolve(copyName + ".db");
        Files.copy(file, copy);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
                Statement query = c.createStatement();
                ResultSet tables = query.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'rows'")) {
            tables.next();
            if (tables.getLong(1) == 0) {
                return -1;
            }
            try (Statement count = c.createStatement();
                    ResultSet rows = count.executeQuery("SELECT count(*) FROM rows")) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot read the copy " + copy, e);
        }
    }
}
