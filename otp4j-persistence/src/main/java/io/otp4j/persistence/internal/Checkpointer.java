package io.otp4j.persistence.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * SQLite only: copies the write-ahead log into the database file on a thread of its own, so that the committer
 * never does.
 *
 * <p>By default SQLite checkpoints in the connection that commits, once the log holds 1,000 pages: that commit
 * then also copies the pages and syncs the database file, about ten times a plain commit's time, and every writer
 * in its batch waits for it. With 10,000 servers writing in rounds, three commits in twenty did so and took a third
 * of the committer's time. The write connection now checkpoints only past {@link #BACKSTOP_PAGES} (in case this
 * thread falls behind), and this thread runs a passive checkpoint on a connection of its own when it starts (a log
 * left by an earlier run), then whenever commits have happened since the last one, at most every {@link #INTERVAL}. A passive checkpoint waits for no reader or
 * writer: it copies what it can while the committer goes on writing to the log. Durability does not change: a
 * commit is on disk in the log when it returns, and a checkpoint only moves pages already there.
 *
 * <p>A failed checkpoint leaves the log as it was, to be copied by the next one or by the write connection's
 * backstop; the failure is counted and the last one kept for {@link #lastFailure()}.
 */
public final class Checkpointer implements AutoCloseable {

    /** The write connection's own checkpoint threshold, in pages: a backstop, reached only if this thread lags. */
    public static final int BACKSTOP_PAGES = 10_000;

    /** The least time between two checkpoints while commits keep coming. */
    static final Duration INTERVAL = Duration.ofMillis(20);

    /** The longest sleep while no commit comes. */
    private static final Duration IDLE = Duration.ofMillis(500);

    private final Connection connection;
    private final LongSupplier commits;
    private final Thread thread;
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closed;
    private volatile @Nullable SQLException lastFailure;

    /**
     * Starts checkpointing.
     *
     * @param name the store's name, for the thread's
     * @param connection a connection of its own to the database, closed by {@link #close()}
     * @param commits the count of commits on the write connection so far
     */
    public Checkpointer(String name, Connection connection, LongSupplier commits) {
        this.connection = connection;
        this.commits = commits;
        this.thread = Thread.ofPlatform()
                .name("otp4j-checkpoint " + name)
                .daemon(true)
                .start(this::loop);
    }

    private void loop() {
        long seen = -1; // a first look at once: a log left by an earlier run is copied before anything is written
        long sleep = 0;
        while (!closed) {
            if (sleep > 0) {
                LockSupport.parkNanos(this, sleep);
            }
            if (closed) {
                break;
            }
            long now = commits.getAsLong();
            if (now == seen) {
                sleep = Math.min(
                        Math.max(sleep, INTERVAL.toNanos()) * 2, IDLE.toNanos()); // nothing new: look less often
                continue;
            }
            seen = now;
            sleep = INTERVAL.toNanos();
            checkpoint();
        }
    }

    /** Runs one passive checkpoint; a failure is counted and kept, not thrown. */
    void checkpoint() {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            result.next();
            checkpoints.incrementAndGet();
        } catch (SQLException e) {
            failures.incrementAndGet();
            lastFailure = e;
        }
    }

    /** {@return the checkpoints run so far} */
    public long checkpoints() {
        return checkpoints.get();
    }

    /** {@return the checkpoints that failed so far} */
    public long failures() {
        return failures.get();
    }

    /** {@return the error of the last failed checkpoint, or null} */
    public @Nullable SQLException lastFailure() {
        return lastFailure;
    }

    /** Stops the thread, waiting for a checkpoint in progress, and closes the connection. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing is best effort: every commit is in the log already.
        }
    }
}
